/**
 * The timestamp every file in a package is clamped to, so two builds of the
 * same input give the same bytes (reproducible-builds.org's SOURCE_DATE_EPOCH).
 */

/** Used when neither the environment nor a git source gives a time: 1980-01-01T00:00:00Z, the earliest time a zip/wheel can hold. */
export const FALLBACK_SOURCE_DATE_EPOCH = 315_532_800;

export interface SourceDateEpoch {
  value: number;
  /** Where it came from, for the build log. */
  origin: 'SOURCE_DATE_EPOCH' | 'git commit' | 'fallback';
}

/**
 * SOURCE_DATE_EPOCH from the environment when it is a valid integer, else the
 * last commit time of a git source, else the fixed fallback.
 */
export function chooseSourceDateEpoch(env: Record<string, string | undefined>, gitCommitTime?: number): SourceDateEpoch {
  const fromEnv = env.SOURCE_DATE_EPOCH?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv)) return {value: Number(fromEnv), origin: 'SOURCE_DATE_EPOCH'};
  if (gitCommitTime !== undefined && Number.isInteger(gitCommitTime) && gitCommitTime >= 0) return {value: gitCommitTime, origin: 'git commit'};
  return {value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'};
}

import type {SourceDate} from '../source/index.js';

/*
 * The timestamp every file in a package is clamped to, so two builds of the
 * same input give the same bytes (reproducible-builds.org's SOURCE_DATE_EPOCH).
 * Unless the environment sets it, it is the source's own date: a git
 * source's commit time, a directory's newest file. So the same source gives
 * the same date, and the date is the one the source was last changed.
 */

/** Used when neither the environment nor the source gives a time (a directory without files): 1980-01-01T00:00:00Z, the earliest time a zip/wheel can hold. */
export const FALLBACK_SOURCE_DATE_EPOCH = 315_532_800;


export interface SourceDateEpoch {
  value: number;
  /** Where it came from, for the build log and `--dry-run`. */
  origin: 'SOURCE_DATE_EPOCH' | SourceDate['origin'] | 'fallback';
  detail?: string;
}

/**
 * SOURCE_DATE_EPOCH from the environment when it is a valid integer, else
 * the source's date (commit time, newest file), else the fixed fallback.
 */
export function chooseSourceDateEpoch(env: Record<string, string | undefined>, fromSource?: SourceDate): SourceDateEpoch {
  const fromEnv = env.SOURCE_DATE_EPOCH?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv)) return {value: Number(fromEnv), origin: 'SOURCE_DATE_EPOCH'};
  if (fromSource && Number.isInteger(fromSource.value) && fromSource.value >= 0) {
    return {value: fromSource.value, origin: fromSource.origin, ...(fromSource.detail ? {detail: fromSource.detail} : {})};
  }
  return {value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'};
}

/** `1700000000 (2023-11-14T22:13:20Z, from the newest file: app/main.py)`: how the log and `--dry-run` show it. */
export function describeSourceDateEpoch(sde: SourceDateEpoch): string {
  const when = new Date(sde.value * 1000).toISOString().replace('.000Z', 'Z');
  const from =
    sde.origin === 'SOURCE_DATE_EPOCH' ? 'from the environment'
    : sde.origin === 'fallback' ? 'the fallback: the source gives no date'
    : `from the ${sde.origin}${sde.detail ? `: ${sde.detail}` : ''}`;
  return `${sde.value} (${when}, ${from})`;
}

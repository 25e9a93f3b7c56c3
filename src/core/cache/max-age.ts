const UNITS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** `"7d"`, `"12h"`, `"30m"`, `"90s"`, `"2w"` or `"0"` as milliseconds; undefined when it is none of those. */
export function parseAge(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([smhdw]?)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === '') return n === 0 ? 0 : undefined;
  return n * UNITS[m[2]!]!;
}

/** The default of `[vdist] cache_max_age`. */
export const DEFAULT_CACHE_MAX_AGE = '7d';

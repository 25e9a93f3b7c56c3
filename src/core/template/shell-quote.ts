const SAFE_WORD = /^[A-Za-z0-9_/.:=@%+,-]+$/;

/** One shell word that a POSIX shell reads back as exactly `s`. */
export function shellQuote(s: string): string {
  if (SAFE_WORD.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * How `{{x}}` renders in a build script: a string or number as one quoted
 * word, an array as space-separated quoted words (nothing for an empty one),
 * a boolean as true/false, a missing optional value as ''.
 */
export function shellValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => shellQuote(String(v))).join(' ');
  if (value === undefined || value === null) return "''";
  return shellQuote(String(value));
}

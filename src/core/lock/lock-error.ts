import {ExitCode, VdistError} from '../errors.js';

/** Bad lock file: malformed, unhashed, unknown version or stale (strict_lock). Exit 2, with file and line. */
export class LockError extends VdistError {
  constructor(file: string, line: number | undefined, message: string, suggestions: string[] = []) {
    super(`Lock file ${line === undefined ? file : `${file}:${line}`}: ${message}`, {code: 'LOCK', exit: ExitCode.usage, suggestions});
  }
}

/** The line (1-based) of the first line of `text` that `pattern` matches, at or after line `from`. */
export function lineOf(text: string, pattern: RegExp, from = 1): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  return undefined;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

import {load} from 'js-toml';
import {ConfigError} from '../errors.js';

interface LexError {line?: number; column?: number; message: string; token?: {startLine?: number; startColumn?: number}}

/** Parses TOML; a syntax error becomes a ConfigError showing the line and a caret under the column. */
export function parseToml(source: string, file: string): Record<string, unknown> {
  try {
    return load(source) as Record<string, unknown>; // a TOML document is always a table
  } catch (error) {
    const e = error as Error & {errors?: LexError[]};
    const first = e.errors?.[0];
    // At the end of the input, the lexer's position is NaN: the error sits on the last line.
    const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
    const line = finite(first?.line ?? first?.token?.startLine) ?? (first ? source.trimEnd().split(/\r?\n/).length : undefined);
    const column = finite(first?.column ?? first?.token?.startColumn);
    const reason = (first?.message ?? e.message).replace(/\n/g, '\\n');
    const where = line !== undefined ? codeFrame(source, line, column) : '';
    throw new ConfigError([{file, line: line ?? duplicateLine(source, e.message), message: `TOML syntax error: ${reason}${where}`}]);
  }
}

function codeFrame(source: string, line: number, column?: number): string {
  const text = source.split(/\r?\n/)[line - 1] ?? '';
  const caret = column !== undefined ? `\n    ${' '.repeat(Math.max(0, column - 1))}^` : '';
  return `\n    ${text}${caret}`;
}

// js-toml reports a redefined table or key without a position: find its second occurrence.
function duplicateLine(source: string, message: string): number | undefined {
  const name = /'([^']+)'/.exec(message)?.[1];
  if (!name) return undefined;
  const last = name.split('.').pop()!;
  const pattern = new RegExp(`^\\s*(\\[\\s*${escape(name)}\\s*\\]|${escape(last)}\\s*=)`);
  const hits = source.split(/\r?\n/).flatMap((t, i) => (pattern.test(t) ? [i + 1] : []));
  return hits[1] ?? hits[0];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

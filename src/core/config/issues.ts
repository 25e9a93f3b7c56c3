import {closest, distance} from 'fastest-levenshtein';
import type {z} from 'zod';
import type {ConfigProblem} from '../errors.js';
import {formatKeyPath, type KeyPath, type LineIndex} from './lines.js';
import {BUILD_KEYS, ROOT_KEYS, SOURCE_KEYS, VDIST_KEYS} from './schema.js';

/** Where problems are reported: the file name users see and its line index. */
export interface ProblemSink {
  file: string;
  lines: LineIndex;
  problems: ConfigProblem[];
  /** Things that load but deserve a word (e.g. a profile name that resolves to its successor). */
  warnings?: string[];
}

/** Adds a problem at a key path, with the line found in the source. */
export function report(sink: ProblemSink, path: KeyPath, message: string): void {
  sink.problems.push({file: sink.file, line: sink.lines.line(path), key: path.length > 0 ? formatKeyPath(path) : undefined, message});
}

/** Adds a warning at a key path, as `file:line: key: message`. */
export function warn(sink: ProblemSink, path: KeyPath, message: string): void {
  const line = sink.lines.line(path);
  (sink.warnings ??= []).push(`${sink.file}${line === undefined ? '' : `:${line}`}: ${formatKeyPath(path)}: ${message}`);
}

/** Turns zod's issues into problems users can act on. */
export function reportIssues(sink: ProblemSink, issues: z.core.$ZodIssue[], base: KeyPath = []): void {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Array<string | number>)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report(sink, [...path, key], unknownKeyMessage(path, key));
    } else {
      report(sink, path, describeIssue(issue, path));
    }
  }
}

/** The keys allowed in the table at `path`. */
function allowedKeys(path: KeyPath): string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return ROOT_KEYS;
  if (last === 'source') return SOURCE_KEYS;
  if (last === 'vdist') return VDIST_KEYS;
  return BUILD_KEYS;
}

function unknownKeyMessage(path: KeyPath, key: string): string {
  if (path.length === 0 && BUILD_KEYS.includes(key)) return 'unknown top-level key: build keys belong in [defaults] or in a [[build]] table';
  if (path.length > 0 && path[path.length - 1] !== 'vdist' && VDIST_KEYS.includes(key)) return 'this is a tool setting: it belongs in the [vdist] table';
  const allowed = allowedKeys(path);
  const near = closest(key, allowed);
  const guess = distance(key, near) <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${near}"?` : `; allowed keys: ${allowed.join(', ')}`;
  return `unknown key${guess}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  number: 'a number',
  int: 'an integer',
  array: 'an array',
  object: 'a table',
};

function describeIssue(issue: z.core.$ZodIssue, path: KeyPath): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) {
        return path.length === 1 && path[0] === 'build' ? 'no [[build]] table: add at least one' : 'missing';
      }
      if (path.length === 1 && path[0] === 'build' && issue.expected === 'array') return 'write each build as [[build]] (double brackets), not [build]';
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const quote = issue.expected === 'string' && typeof issue.input === 'number' ? ` (put it in quotes: "${String(issue.input)}")` : '';
      return `expected ${expected}, got ${typeName(issue.input)}${quote}`;
    }
    case 'invalid_union':
      return `expected a string or an array of strings, got ${typeName(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => `"${String(v)}"`).join(', ');
      const near = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      return `expected one of ${values}${near ? `; did you mean "${near}"?` : ''}`;
    }
    case 'too_small':
      return path.length === 1 && path[0] === 'build' ? 'no [[build]] table: add at least one' : `must be at least ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a table';
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) && typeof v !== 'number' ? 'an integer' : `the number ${String(v)}`;
  return `${typeof v === 'boolean' ? 'a boolean' : `a ${typeof v}`}`;
}

import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {resolveLock, type SourceReader} from '../../../src/core/lock/index.js';
import type {BuildSpec} from '../../../src/core/types.js';

export const LOCK_FIXTURES = resolve(fileURLToPath(import.meta.url), '../../../fixtures/lock');

type Keys = Parameters<typeof resolveLock>[0];

/** A build's lock keys: defaults as vdist.toml has them, a compiled CPython 3.12. */
export function lockKeys(over: Partial<Keys> = {}): Keys {
  return {
    lock_file: 'auto',
    groups: [],
    extras: [],
    allow_unhashed: false,
    strict_lock: false,
    working_dir: '',
    requirements_path: 'requirements.txt',
    compile_python: true,
    compile_python_version: '3.12.8',
    ...over,
  } satisfies Partial<BuildSpec>;
}

/** Reads files of a fixture project, with some replaced or added (`overrides`, undefined = absent). */
export function fixtureReader(dir: string, overrides: Record<string, string | undefined> = {}): SourceReader {
  return async (path) => {
    if (path in overrides) return overrides[path];
    return readFile(join(LOCK_FIXTURES, dir, path), 'utf8').catch(() => undefined);
  };
}

/** `name==version ; marker` of each locked package, without hashes, sorted. */
export function pins(requirements: string): string[] {
  return requirements
    .split('\n')
    .filter((l) => l && !l.startsWith(' '))
    .map((l) => l.replace(/ \\$/, ''))
    .sort();
}

export const fixtureText = (path: string) => readFile(join(LOCK_FIXTURES, path), 'utf8');

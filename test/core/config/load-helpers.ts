import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {loadConfig} from '../../../src/core/config/load.js';
import {ConfigError, formatProblem} from '../../../src/core/errors.js';
import type {LoadedConfig} from '../../../src/core/types.js';

/** Writes vdist.toml (and any extra files) into a fresh temp dir; returns the config's path. */
export function writeProject(toml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true});
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'vdist.toml'), toml);
  return join(dir, 'vdist.toml');
}

/** Loads a vdist.toml text; fails the test if it has problems. */
export function load(toml: string, env: NodeJS.ProcessEnv = {}, files?: Record<string, string>): LoadedConfig {
  return loadConfig(writeProject(toml, files), env);
}

/** The problems a vdist.toml text has, each as users see it, with the temp dir's path replaced by `vdist.toml`. */
export function problems(toml: string, env: NodeJS.ProcessEnv = {}, files?: Record<string, string>): string[] {
  const file = writeProject(toml, files);
  try {
    loadConfig(file, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => formatProblem({...p, file: p.file.endsWith('vdist.toml') ? 'vdist.toml' : p.file}));
  }
  throw new Error('expected a ConfigError, got none');
}

/** A valid config to vary: one debian-bookworm build of a directory source. */
export const BASE = `[defaults]
app = "myapp"
version = "1.0"
source = { directory = "." }
`;

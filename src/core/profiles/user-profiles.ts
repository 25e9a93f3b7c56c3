import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {closest} from 'fastest-levenshtein';
import {ConfigError, type ConfigProblem} from '../errors.js';
import {parseToml} from '../support/toml-syntax.js';
import {PROFILE_ENTRY_KEYS, profileEntrySchema, type ProfileEntry} from './profile-entry.js';

/** Profiles read from one user file, with the file they came from. */
export interface UserProfiles {
  file: string;
  entries: Map<string, ProfileEntry>;
}

/**
 * Reads `{profiles_dir}/profiles.json` and `{profiles_dir}/profiles.toml`
 * (either, both, or neither). Problems are collected, not thrown.
 */
export function readUserProfiles(profilesDir: string, problems: ConfigProblem[]): UserProfiles[] {
  const out: UserProfiles[] = [];
  for (const name of ['profiles.json', 'profiles.toml']) {
    const file = join(profilesDir, name);
    if (!existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    let data: unknown;
    try {
      data = name.endsWith('.json') ? JSON.parse(source) : parseToml(source, file);
    } catch (error) {
      if (error instanceof ConfigError) {
        problems.push(...error.problems);
        continue;
      }
      const message = (error as Error).message;
      problems.push({file, message: name.endsWith('.json') ? `invalid JSON: ${message}` : message});
      continue;
    }
    out.push({file, entries: validateEntries(data, file, source, problems)});
  }
  return out;
}

function validateEntries(data: unknown, file: string, source: string, problems: ConfigProblem[]): Map<string, ProfileEntry> {
  const entries = new Map<string, ProfileEntry>();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({file, message: 'expected an object of profiles: {"name": {"docker_image": "...", "script": "debian.sh"}}'});
    return entries;
  }
  for (const [name, raw] of Object.entries(data)) {
    const line = lineOf(source, name);
    const parsed = profileEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = [name, ...issue.path.map(String)].join('.');
        if (issue.code === 'unrecognized_keys') {
          for (const k of issue.keys) problems.push({file, line, key: `${name}.${k}`, message: `unknown key; did you mean "${closest(k, PROFILE_ENTRY_KEYS)}"?`});
        } else {
          problems.push({file, line, key, message: issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message});
        }
      }
      continue;
    }
    entries.set(name, parsed.data);
  }
  return entries;
}

function lineOf(source: string, name: string): number | undefined {
  const i = source.split(/\r?\n/).findIndex((t) => t.includes(`"${name}"`) || new RegExp(`^\\s*\\[\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\]`).test(t));
  return i < 0 ? undefined : i + 1;
}

import {existsSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {closest, distance} from 'fastest-levenshtein';
import {ConfigError, type ConfigProblem} from '../errors.js';
import type {Profile} from '../types.js';
import {parseCompression, type Compression} from '../archive/compress.js';
import {inferFormat, type ProfileEntry} from './profile-entry.js';
import {BUILTIN_TEMPLATES_DIR, PACKAGE_ROOT} from '../support/package-root.js';
import {readUserProfiles} from './user-profiles.js';
import {formatFacts} from '../formats/facts.js';

interface BuiltinFile {
  profiles: Record<string, ProfileEntry>;
  /** Old vdist profile name -> its current equivalent. */
  legacy: Record<string, string>;
  /** The original's moving names (ubuntu-lts, centos) -> the profile they resolve to, with a warning. */
  aliases?: Record<string, string>;
  /** Names of the original vdist that vdist cannot build for -> why. */
  refused?: Record<string, string>;
}

const BUILTIN_FILE = resolve(PACKAGE_ROOT, 'profiles/builtin.json');

/** The outcome of looking a profile up by name. */
export type ProfileLookup = {ok: true; profile: Profile; warning?: string} | {ok: false; message: string; suggestion?: string};

/**
 * Every profile a build may use: the built-ins from profiles/builtin.json,
 * overridden by the user's `{profiles_dir}/profiles.json` and
 * `profiles.toml` (same name wins). A script in profiles_dir wins over the
 * built-in template of the same name.
 */
export class ProfileRegistry {
  private constructor(
    private readonly profiles: Map<string, Profile>,
    private readonly legacy: Record<string, string>,
    readonly profilesDir: string,
    private readonly moved: Pick<BuiltinFile, 'aliases' | 'refused'> = {},
  ) {}

  /** Loads built-ins and the user's profiles. Throws ConfigError listing every problem in the user's files. */
  static load(profilesDir: string): ProfileRegistry {
    const problems: ConfigProblem[] = [];
    const registry = ProfileRegistry.collect(profilesDir, problems);
    if (problems.length > 0) throw new ConfigError(problems);
    return registry;
  }

  /** Like load(), but adds problems to `problems` instead of throwing. */
  static collect(profilesDir: string, problems: ConfigProblem[]): ProfileRegistry {
    const builtin = JSON.parse(readFileSync(BUILTIN_FILE, 'utf8')) as BuiltinFile;
    const profiles = new Map<string, Profile>();
    for (const [name, entry] of Object.entries(builtin.profiles)) {
      profiles.set(name, toProfile(name, entry, 'builtin', profilesDir, BUILTIN_FILE, problems));
    }
    for (const user of readUserProfiles(profilesDir, problems)) {
      for (const [name, entry] of user.entries) profiles.set(name, toProfile(name, entry, user.file, profilesDir, user.file, problems));
    }
    return new ProfileRegistry(profiles, builtin.legacy, profilesDir, {aliases: builtin.aliases, refused: builtin.refused});
  }

  list(): Profile[] {
    return [...this.profiles.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return this.list().map((p) => p.name);
  }

  get(name: string): Profile | undefined {
    return this.profiles.get(name);
  }

  /** Finds a profile, or explains why not: an old vdist name names its successor, a typo gets the closest name. */
  lookup(name: string): ProfileLookup {
    const profile = this.profiles.get(name);
    if (profile) return {ok: true, profile};
    const alias = this.moved.aliases?.[name];
    const aliased = alias ? this.profiles.get(alias) : undefined;
    if (aliased) {
      return {ok: true, profile: aliased, warning: `profile "${name}" (a name of the original vdist that followed the newest release) is built as "${alias}", its current successor: write profile = "${alias}" to say so`};
    }
    const refused = this.moved.refused?.[name];
    if (refused) return {ok: false, message: `profile "${name}" cannot be built: ${refused}. Package for a deb or rpm profile instead (vdist profiles list)`};
    const successor = this.legacy[name];
    if (successor) {
      return {
        ok: false,
        suggestion: successor,
        message: `profile "${name}" was one of vdist's old profiles, for a distribution that is no longer supported: use "${successor}" (or define "${name}" yourself in ${join(this.profilesDir, 'profiles.json')})`,
      };
    }
    const names = this.names();
    const near = closest(name, names);
    const hint = distance(name, near) <= Math.max(3, Math.floor(name.length / 3)) ? ` Did you mean "${near}"?` : '';
    return {ok: false, suggestion: hint ? near : undefined, message: `unknown profile "${name}".${hint} Available: ${names.join(', ')}`};
  }
}

function toProfile(name: string, entry: ProfileEntry, origin: string, profilesDir: string, file: string, problems: ConfigProblem[]): Profile {
  const format = entry.format ?? inferFormat(entry.script);
  if (!format) {
    problems.push({file, key: `${name}.format`, message: `cannot tell the package format from script "${entry.script}": add "format": "deb" or "rpm"`});
  }
  let compression: Compression | undefined;
  try {
    if (entry.compression !== undefined) compression = parseCompression(entry.compression);
  } catch (error) {
    problems.push({file, key: `${name}.compression`, message: (error as Error).message});
  }
  const userScript = join(profilesDir, entry.script);
  return {
    name,
    image: entry.docker_image,
    script: entry.script,
    script_path: existsSync(userScript) ? resolve(userScript) : resolve(BUILTIN_TEMPLATES_DIR, entry.script),
    format: format ?? 'deb',
    ...(entry.packager ? {packager: entry.packager} : {}),
    ...(compression ? {compression} : {}),
    family: entry.family ?? formatFacts(format ?? 'deb').family,
    origin,
    ...(entry.bootstrap ? {bootstrap: entry.bootstrap} : {}),
    ...(entry.images ? {images: entry.images} : {}),
    ...(entry.insecure_registry === true || entry.insecure_registry === 'true' ? {insecure_registry: true} : {}),
  };
}

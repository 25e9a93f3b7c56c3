import {posix} from 'node:path';
import {ExitCode, VdistError} from '../errors.js';
import type {BuildSpec} from '../types.js';
import {renderRequirements} from './common.js';
import {LockError} from './lock-error.js';
import {targetEnvironment} from './marker.js';
import {pdmLock} from './pdm.js';
import {pipfileLock} from './pipenv.js';
import {poetryLock} from './poetry.js';
import {pylockToml} from './pylock.js';
import {hashedRequirements, hasHashes} from './requirements.js';
import {uvLock} from './uv.js';
import type {LockFormat, LockedPackage} from './types.js';

export {LockError} from './lock-error.js';
export type {LockFormat, LockedPackage} from './types.js';

/** Every format, in the order `lock_file = "auto"` looks for them. */
export const LOCK_FORMATS: readonly LockFormat[] = [pylockToml, poetryLock, pdmLock, uvLock, pipfileLock, hashedRequirements];

/** Reads a file of the build's source by its path from the source root; undefined when it is not there. */
export type SourceReader = (path: string) => Promise<string | undefined>;

/** A build's lock, turned into what pip installs. */
export interface ResolvedLock {
  /** The lock file, relative to the source root. */
  file: string;
  tool: string;
  /** `name==version --hash=...` lines: pip installs them with --require-hashes --no-deps. */
  hashed: string;
  /** Packages without hashes (allow_unhashed = true only): installed with --no-deps, unchecked. */
  unhashed: string;
  packages: LockedPackage[];
  /** Stale lock, several lock files, unhashed packages allowed: for the build's log. */
  warnings: string[];
}

type LockKeys = Pick<BuildSpec, 'lock_file' | 'groups' | 'extras' | 'allow_unhashed' | 'strict_lock' | 'working_dir' | 'requirements_path' | 'compile_python' | 'compile_python_version'>;

/** Which format reads `file` (by its name), or undefined. */
export function lockFormatFor(file: string): LockFormat | undefined {
  const name = posix.basename(file);
  return LOCK_FORMATS.find((f) => f.matches(name));
}

/**
 * Finds the build's lock file (lock_file: "auto", a path, or false), parses
 * it and selects the runtime set: the main group plus `groups` and `extras`,
 * with markers decided for the target as far as the host knows it. Throws
 * a LockError (exit 2) on a malformed lock, an unhashed package (unless
 * allow_unhashed), an unknown format version, or a stale lock with strict_lock.
 */
export async function resolveLock(spec: LockKeys, read: SourceReader): Promise<ResolvedLock | undefined> {
  const lock = await findAndParse(spec, read);
  if (!lock && (spec.groups.length > 0 || spec.extras.length > 0)) {
    const where = spec.lock_file === false ? 'lock_file = false' : `no lock file in ${spec.working_dir || 'the source root'}`;
    throw new VdistError(`groups and extras choose from a lock file, and this build has none (${where})`, {
      code: 'LOCK',
      exit: ExitCode.usage,
      suggestions: ['Remove groups and extras from vdist.toml, or add the lock file (poetry.lock, pdm.lock, uv.lock, Pipfile.lock, pylock.toml)'],
    });
  }
  return lock;
}

async function findAndParse(spec: LockKeys, read: SourceReader): Promise<ResolvedLock | undefined> {
  if (spec.lock_file === false) return undefined;
  const inDir = (p: string) => posix.join(spec.working_dir || '.', p).replace(/^\.\//, '');
  const warnings: string[] = [];
  let file: string | undefined;
  let text: string | undefined;
  let format: LockFormat | undefined;
  if (spec.lock_file === 'auto') {
    const found: Array<{file: string; text: string; format: LockFormat}> = [];
    for (const f of LOCK_FORMATS) {
      for (const name of f.candidates) {
        const t = await read(inDir(name));
        if (t !== undefined) found.push({file: inDir(name), text: t, format: f});
      }
    }
    if (found.length === 0) {
      const req = await read(inDir(spec.requirements_path));
      if (req === undefined || !hasHashes(req)) return undefined;
      found.push({file: inDir(spec.requirements_path), text: req, format: hashedRequirements});
    }
    ({file, text, format} = found[0]!);
    if (found.length > 1) warnings.push(`several lock files: using ${file}, not ${found.slice(1).map((f) => f.file).join(', ')} (set lock_file to pick one)`);
  } else {
    file = inDir(spec.lock_file);
    format = lockFormatFor(file);
    if (!format) throw new LockError(file, undefined, 'not a lock file vdist reads', ['lock_file takes poetry.lock, pdm.lock, Pipfile.lock, uv.lock, pylock.toml, pylock.NAME.toml or a requirements .txt with --hash']);
    text = await read(file);
    if (text === undefined) throw new LockError(file, undefined, 'not found in the source', ['Fix lock_file in vdist.toml (relative to working_dir), or commit the file']);
  }
  const env = targetEnvironment({pythonVersion: spec.compile_python ? spec.compile_python_version : undefined, extras: spec.extras, groups: spec.groups});
  const parsed = format.parse({
    file,
    text,
    groups: spec.groups,
    extras: spec.extras,
    env,
    pyproject: await read(inDir('pyproject.toml')),
    ...(format === pipfileLock ? {pipfile: await read(inDir('Pipfile'))} : {}),
  });
  if (parsed.stale) {
    const fix = `Run \`${parsed.stale.fix}\` and commit ${posix.basename(file)}`;
    if (spec.strict_lock) throw new LockError(file, undefined, `stale lock: ${parsed.stale.message}`, [fix]);
    warnings.push(`stale lock: ${parsed.stale.message}. ${fix} (strict_lock = true makes this an error)`);
  }
  const unhashed = parsed.packages.filter((p) => p.hashes.length === 0);
  if (unhashed.length > 0) {
    const names = unhashed.map((p) => `${p.name} ${p.version}`).join(', ');
    if (!spec.allow_unhashed) {
      throw new LockError(file, unhashed[0]!.line, `no hashes for ${names}: pip cannot check what it downloads`, [
        `Make the lock again with hashes (${format.tool === 'requirements' ? 'pip-compile --generate-hashes' : `${format.tool} lock`})`,
        'or set allow_unhashed = true to install these unchecked',
      ]);
    }
    warnings.push(`allow_unhashed: installing without a hash check: ${names}`);
  }
  return {
    file,
    tool: format.tool,
    hashed: renderRequirements(parsed.packages.filter((p) => p.hashes.length > 0)),
    unhashed: renderRequirements(unhashed),
    packages: parsed.packages,
    warnings,
  };
}

/** What the build script's template context needs of a lock (see ContextExtras); nothing without one. */
export function lockExtras(lock: ResolvedLock | undefined): {lock?: {file: string; hashed: boolean; unhashed: boolean}} {
  return lock ? {lock: {file: lock.file, hashed: lock.hashed !== '', unhashed: lock.unhashed !== ''}} : {};
}

import {posix} from 'node:path';
import {hostArch, parseArch, profileForArch, type Arch} from '../arch.js';
import {parseCompression, type Compression} from '../archive/compress.js';
import {formatFacts} from '../formats/facts.js';
import {parseDependency} from '../metadata/dependency.js';
import {lockFormatFor} from '../lock/index.js';
import {parseFpmArgs} from '../metadata/fpm-args.js';
import {DEFAULT_PYTHON_VERSION} from '../python/known-tarballs.js';
import type {ProfileRegistry} from '../profiles/registry.js';
import type {BuildSpec, NamedFile, PackagerKind, ScriptHooks, SourceSpec} from '../types.js';
import {normaliseDeploy} from './deploy-rules.js';
import {report, warn, type ProblemSink} from './issues.js';
import {formatKeyPath, type KeyPath} from './lines.js';
import {packageIdentityProblems, shownValue} from './package-rules.js';
import type {BuildTable} from './schema.js';
import {splitShellWords} from './shell-words.js';
import {normaliseSource} from './source.js';

/** python.org's tree of CPython source tarballs. */
export const DEFAULT_PYTHON_MIRROR = 'https://www.python.org/ftp/python';

const HOOKS: Array<keyof ScriptHooks> = ['before_install', 'after_install', 'before_remove', 'after_remove', 'before_upgrade', 'after_upgrade'];

export interface NormaliseContext {
  sink: ProblemSink;
  configDir: string;
  profiles: ProfileRegistry;
  /** Keys that failed the schema (already reported): not "missing", and no rule runs on them. */
  badKeys?: Set<string>;
  /** `vdist build --arch`: the architectures every build is made for, instead of its `arch`. */
  arches?: readonly Arch[];
}

/** vdist's default build name: `{app}-{version}-{profile}`, every character outside [A-Za-z0-9.-] turned into `_`. */
export function defaultBuildName(app: string, version: string, profile: string): string {
  return `${app}-${version}-${profile}`.replace(/[^A-Za-z0-9.-]/g, '_');
}

/**
 * Merges `[defaults]` into the build at `index` and applies every rule,
 * reporting each problem at the key (in the build, or in [defaults] when it
 * came from there). Returns undefined when the build has problems.
 */
export function normaliseBuild(index: number, defaults: BuildTable, build: BuildTable, ctx: NormaliseContext): BuildSpec[] | undefined {
  const before = ctx.sink.problems.length;
  const merged: BuildTable = {...defaults, ...build};
  const at = (key: keyof BuildTable): KeyPath => (key in build ? ['build', index, key] : key in defaults ? ['defaults', key] : ['build', index]);
  const problem = (key: keyof BuildTable, message: string) => report(ctx.sink, at(key), message);

  for (const key of ['app', 'version', 'source', 'profile'] as const) {
    if (merged[key] === undefined && !ctx.badKeys?.has(key)) report(ctx.sink, ['build', index], `missing required key "${key}": set it in [defaults] or in this [[build]]`);
  }
  if (merged.python_version !== undefined && merged.compile_python_version !== undefined) {
    problem('python_version', 'python_version is an alias of compile_python_version: set only one of them');
  }

  const lookup = merged.profile === undefined ? undefined : ctx.profiles.lookup(merged.profile);
  if (lookup && !lookup.ok) problem('profile', lookup.message);
  if (lookup?.ok && lookup.warning) warn(ctx.sink, at('profile'), lookup.warning);
  if (lookup?.ok && lookup.profile.insecure_registry) {
    warn(ctx.sink, at('profile'), `profile "${lookup.profile.name}" has insecure_registry: a pull of ${lookup.profile.image} skips TLS verification with podman and buildah (--tls-verify=false); docker pulls as its daemon's insecure-registries setting says`);
  }
  const profile = lookup?.ok ? lookup.profile : undefined;

  if (profile && merged.app !== undefined && merged.version !== undefined) {
    const identity = packageIdentityProblems(profile.format, merged.app, merged.version);
    if (identity.app) problem('app', `${shownValue(merged.app)} is not a valid ${profile.format} package name: ${identity.app}`);
    if (identity.version) problem('version', `${shownValue(merged.version)} is not a valid ${profile.format} version: ${identity.version}`);
  }

  const source = merged.source ? normaliseSource(merged.source, at('source'), ctx.sink, ctx.configDir) : undefined;
  const version = merged.compile_python_version ?? merged.python_version ?? DEFAULT_PYTHON_VERSION;
  if (!/^3\.\d+\.\d+$/.test(version)) {
    problem(merged.python_version !== undefined ? 'python_version' : 'compile_python_version', `"${version}" is not a CPython 3 release: write it as 3.X.Y, e.g. ${DEFAULT_PYTHON_VERSION}`);
  }
  const root = trimSlash(merged.package_install_root ?? '/opt');
  const compile = merged.compile_python ?? true;
  const basedir = trimSlash(merged.python_basedir ?? (compile ? `${root}/${merged.app ?? ''}/python` : '/usr'));
  if (!posix.isAbsolute(root)) problem('package_install_root', `"${root}" must be an absolute path`);
  // A derived python_basedir is only as wrong as package_install_root, which is reported already.
  if (merged.python_basedir !== undefined && !posix.isAbsolute(basedir)) problem('python_basedir', `"${basedir}" must be an absolute path`);
  const workingDir = (merged.working_dir ?? '').replace(/^\/+|\/+$/g, '');
  if (workingDir.split('/').includes('..')) problem('working_dir', 'must stay inside the source: remove ".."');
  const requirements = (merged.requirements_path ?? 'requirements.txt').replace(/^\/+/, '');
  if (requirements === '' || requirements.split('/').includes('..')) problem('requirements_path', 'must be a file inside working_dir, e.g. requirements.txt');
  const lockFile = merged.lock_file ?? 'auto';
  if (typeof lockFile === 'string') {
    const problemText = lockFileProblem(lockFile);
    if (problemText) problem('lock_file', problemText);
  }
  for (const key of ['groups', 'extras'] as const) {
    if ((merged[key] ?? []).some((g) => g.trim() === '')) problem(key, 'must not hold an empty name');
    else if (lockFile === false && (merged[key] ?? []).length > 0) problem(key, 'chooses from a lock file, and lock_file = false turns it off');
  }
  if (merged.custom_filename !== undefined && (merged.custom_filename.includes('/') || merged.custom_filename === '')) {
    problem('custom_filename', 'must be a plain file name, without "/"');
  }
  if (merged.custom_filename !== undefined && Buffer.byteLength(merged.custom_filename) > 255) {
    problem('custom_filename', `takes ${Buffer.byteLength(merged.custom_filename)} bytes: a file name may have at most 255`);
  }
  if (merged.name !== undefined && merged.name.trim() === '') problem('name', 'must not be empty: remove it for the default {app}-{version}-{profile}');
  const mirror = (merged.python_mirror ?? DEFAULT_PYTHON_MIRROR).replace(/\/+$/, '');
  if (!/^(https?|file):\/\//.test(mirror)) problem('python_mirror', `"${mirror}" must be an http://, https:// or file:// URL`);
  if (merged.python_sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(merged.python_sha256)) {
    problem('python_sha256', 'must be 64 hexadecimal digits (the output of sha256sum)');
  }
  let compression: Compression = profile?.compression ?? formatFacts(profile?.format ?? 'deb').defaultCompression;
  try {
    if (merged.compression !== undefined) compression = parseCompression(merged.compression);
  } catch (error) {
    problem('compression', (error as Error).message);
  }
  const fpmArgs = toWords(merged.fpm_args, () => problem('fpm_args', 'has an unterminated quote'));
  const pipArgs = toWords(merged.pip_args, () => problem('pip_args', 'has an unterminated quote'));
  const packager = merged.packager ?? profile?.packager ?? 'native';
  // Checked now, not at packaging time: a flag the native packager cannot honour must not cost a whole build.
  const parsedFpmArgs = parseFpmArgs(fpmArgs);
  if (packager === 'native') for (const p of parsedFpmArgs.problems) problem('fpm_args', p.message);
  const deploy = normaliseDeploy(merged, profile?.format, packager, parsedFpmArgs.args, problem);
  const named = source && profile ? namedFiles(merged, {source, packager, workingDir, fpmArgs: parsedFpmArgs.args, format: profile.format}, at, ctx, problem) : [];
  for (const dep of merged.runtime_deps ?? []) {
    try {
      if (parseDependency(dep).name.includes('(') && profile?.format === 'deb') problem('runtime_deps', `"${dep}" is an rpm capability, not a Debian package name`);
    } catch (error) {
      problem('runtime_deps', (error as Error).message);
    }
  }

  if (ctx.sink.problems.length > before || (ctx.badKeys?.size ?? 0) > 0 || !profile || !source) return undefined;
  const app = merged.app!;
  const spec: BuildSpec = {
    name: merged.name ?? defaultBuildName(app, merged.version!, profile.name),
    app,
    version: merged.version!,
    source,
    profile,
    arch: hostArch(),
    build_deps: merged.build_deps ?? [],
    runtime_deps: merged.runtime_deps ?? [],
    fpm_args: fpmArgs,
    pip_args: pipArgs,
    working_dir: workingDir,
    requirements_path: requirements,
    lock_file: lockFile,
    groups: merged.groups ?? [],
    extras: merged.extras ?? [],
    allow_unhashed: merged.allow_unhashed ?? false,
    strict_lock: merged.strict_lock ?? false,
    compile_python: compile,
    compile_python_version: version,
    python_basedir: basedir,
    python_mirror: mirror,
    python_keep: merged.python_keep ?? [],
    package_install_root: root,
    packager,
    compression,
    auto_runtime_deps: merged.auto_runtime_deps ?? true,
    ...deploy,
    config_dir: ctx.configDir,
    native_fpm_args: packager === 'native' ? parsedFpmArgs.args : parseFpmArgs([]).args,
    named_files: named,
  };
  if (merged.python_sha256 !== undefined) spec.python_sha256 = merged.python_sha256.toLowerCase();
  if (merged.custom_filename !== undefined) spec.custom_filename = merged.custom_filename;
  if (merged.smoke_command !== undefined) spec.smoke_command = merged.smoke_command;
  for (const key of ['license', 'long_description', 'changelog'] as const) if (merged[key] !== undefined) spec[key] = merged[key];
  for (const hook of HOOKS) if (merged[hook] !== undefined) spec[hook] = merged[hook];
  return perArch(spec, ctx.arches ?? archList(merged.arch), merged.name !== undefined);
}

/**
 * Every file the build's keys name, with the key and line that name it and
 * where the build will read it (see NamedFile), for checkNamedFiles. A
 * maintainer script the native packager must read on the host cannot be a
 * relative path in a `git` source, which has no checkout there: reported now.
 */
function namedFiles(
  merged: BuildTable,
  b: {source: SourceSpec; packager: PackagerKind; workingDir: string; fpmArgs: ReturnType<typeof parseFpmArgs>['args']; format: 'deb' | 'rpm'},
  at: (key: keyof BuildTable) => KeyPath,
  ctx: NormaliseContext,
  problem: (key: keyof BuildTable, message: string) => void,
): NamedFile[] {
  const out: NamedFile[] = [];
  const add = (keyPath: KeyPath, path: string, from: NamedFile['from']) =>
    out.push({file: ctx.sink.file, line: ctx.sink.lines.line(keyPath), key: formatKeyPath(keyPath), path, from});
  const inWorkingDir = (p: string) => posix.normalize(posix.join(b.workingDir || '.', p)).replace(/^\.\//, '');
  for (const hook of HOOKS) {
    const key = merged[hook] !== undefined ? hook : b.packager === 'native' && b.fpmArgs.scripts[hook] ? 'fpm_args' : undefined;
    const path = key === undefined ? undefined : (merged[hook] ?? b.fpmArgs.scripts[hook])!;
    if (key === undefined || path === undefined) continue;
    if (b.packager === 'fpm') {
      // fpm reads it in the build container: a relative path is in the source tar, an absolute one is the container's.
      if (!posix.isAbsolute(path)) add(at(key), path, 'tar');
    } else if (b.source.kind === 'git' && !posix.isAbsolute(path)) {
      problem(key, `"${path}": a git source has no checkout on the host, where the native packager reads ${hook}: give the script as an absolute path`);
    } else {
      add(at(key), path, 'host');
    }
  }
  (merged.systemd_units ?? []).forEach((unit, i) => add([...at('systemd_units'), i], posix.normalize(unit.trim()), 'tar'));
  if (b.packager === 'native') for (const unit of b.fpmArgs[`${formatFacts(b.format).fpmPrefix}_systemd`]) add(at('fpm_args'), posix.normalize(unit.trim()), 'tar');
  for (const from of Object.values(merged.config_files ?? {})) add(at('config_files'), posix.normalize(from.trim()), 'tar');
  // Only the native packager reads the changelog (for the package's own); the lock is read for both.
  if (merged.changelog !== undefined && b.packager === 'native') add(at('changelog'), inWorkingDir(merged.changelog), 'read');
  if (typeof merged.lock_file === 'string' && merged.lock_file !== 'auto') add(at('lock_file'), inWorkingDir(merged.lock_file), 'read');
  return out;
}

function archList(value: string | string[] | undefined): Arch[] | undefined {
  if (value === undefined) return undefined;
  return [...new Set((Array.isArray(value) ? value : [value]).map((a) => parseArch(a)!))];
}

/**
 * One build per architecture. Asked for explicitly (`arch`, `--arch`), the
 * architecture joins the default name (`{app}-{version}-{profile}-{arch}`);
 * a name of the user's gets it only when it must tell several apart.
 */
function perArch(spec: BuildSpec, arches: readonly Arch[] | undefined, named: boolean): BuildSpec[] {
  if (!arches) return [Object.freeze({...spec, profile: profileForArch(spec.profile, spec.arch)})];
  return arches.map((arch) =>
    Object.freeze({
      ...spec,
      arch,
      arch_requested: true,
      profile: profileForArch(spec.profile, arch),
      name: named && arches.length === 1 ? spec.name : `${spec.name}-${arch}`,
    }),
  );
}

function toWords(value: string | string[] | undefined, onError: () => void): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  try {
    return splitShellWords(value);
  } catch {
    onError();
    return [];
  }
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function lockFileProblem(file: string): string | undefined {
  if (file === 'auto') return undefined;
  if (file.trim() === '' || file.split('/').includes('..')) return 'must be "auto", false, or a file inside working_dir, e.g. "poetry.lock"';
  if (!lockFormatFor(file)) return `"${file}" is not a lock file vdist reads: poetry.lock, pdm.lock, Pipfile.lock, uv.lock, pylock.toml, pylock.NAME.toml, or a requirements .txt with --hash`;
  return undefined;
}

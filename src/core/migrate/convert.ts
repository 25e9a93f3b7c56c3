import {existsSync, readFileSync} from 'node:fs';
import {isAbsolute, relative, resolve} from 'node:path';
import type {ConfigProblem} from '../errors.js';
import type {Entry, OriginalBuild, TomlValue} from './types.js';
import {originalProfile} from './profiles.js';
import {fromPythonFormat} from './python-format.js';

/** A [[build]] made from one original build, with what the reader must know about it. */
export interface ConvertedBuild {
  name?: string;
  entries: Entry[];
  /** Lines of comment that belong to the build but to no key (e.g. a default that moved). */
  notes: string[];
  /** Quirks of the original, carried over as the user meant them: also printed. */
  warnings: string[];
  /** What has no equivalent in vdist.toml. */
  dropped: string[];
  /** The original's output_folder, which vdist.toml has once, in [vdist]. */
  output_dir?: string;
  /** The whole build cannot be carried over (e.g. archlinux). */
  skipped?: string;
}

export interface ConvertContext {
  /** Where relative paths in the original were taken from (the directory `vdist batch` or the script ran in). */
  cwd: string;
  /** The directory of the vdist.toml being written: its paths are relative to it. */
  configDir: string;
  problems: ConfigProblem[];
  /** Profile names the user's own profiles.json defines: kept as they are. */
  userProfiles?: ReadonlySet<string>;
}

const HOOKS = ['before_install', 'after_install', 'before_remove', 'after_remove', 'before_upgrade', 'after_upgrade'];
// Carried over as they are (app and version come first, with the required keys).
const SAME = ['working_dir', 'package_install_root', 'custom_filename', 'pip_args'];
// The arguments the original passed through str.format(**os.environ).
const FORMATTED = new Set(['version', 'package_install_root', 'working_dir', 'requirements_path', 'python_basedir', 'python_version', 'custom_filename', 'pip_args']);
const IGNORED = new Set(['name', 'mode', 'configuration_file']);
const BOOLEAN_WORDS: Record<string, boolean> = {'1': true, yes: true, true: true, on: true, '0': false, no: false, false: false, off: false};

/** Converts one original build into the keys of a [[build]], following the original's own reading of each argument. */
export function convertBuild(build: OriginalBuild, ctx: ConvertContext): ConvertedBuild {
  const out: ConvertedBuild = {entries: [], notes: [], warnings: [], dropped: [], ...(build.name ? {name: build.name} : {})};
  const label = build.name ? `[${build.name}]` : `the build at ${build.file}:${build.line ?? '?'}`;
  const args = build.args;
  const lineOf = (key: string) => build.keyLines?.[key] ?? build.line;
  // `file:line: [section] key`: a key set in [DEFAULT] is named there once, not once per section.
  const at = (key: string) => {
    const line = lineOf(key);
    const section = build.keyOrigin?.[key] ?? build.name;
    return `${build.file}${line ? `:${line}` : ''}: ${section && build.style === 'strings' ? `[${section}] ` : ''}${key}`;
  };
  const problem = (key: string, message: string) => ctx.problems.push({file: build.file, line: lineOf(key), key, message});
  const text = (key: string): string | undefined => {
    const v = args[key];
    if (v === undefined || v === null) return undefined;
    const s = Array.isArray(v) ? v.join(' ') : String(v);
    return build.style === 'strings' ? s.replace(/\n/g, ' ').trim() : s;
  };
  // A string for vdist.toml: `$` escaped, and the original's {VAR} turned into ${VAR} where it expanded them.
  const str = (key: string, value: string): {value: string; changed: boolean} => {
    const escaped = value.replaceAll('$', () => '$$');
    if (!(FORMATTED.has(key) || (key === 'fpm_args' && build.style === 'kwargs'))) return {value: escaped, changed: false};
    const r = fromPythonFormat(escaped);
    for (const bad of r.unsupported) out.warnings.push(`${at(key)}: "${bad}" is a str.format() field vdist cannot express: written as is`);
    return {value: r.value, changed: r.value !== escaped};
  };
  const add = (key: string, value: TomlValue, comment?: string) => out.entries.push({key, value, ...(comment ? {comment} : {})});
  const addString = (key: string, from = key, comment?: string) => {
    const v = text(from);
    if (v === undefined) return;
    const s = str(from, v);
    add(key, s.value, [comment, s.changed ? 'the original\'s {VAR} is ${VAR} here' : undefined].filter(Boolean).join('; ') || undefined);
  };

  for (const key of ['app', 'version', 'profile']) {
    if (text(key) === undefined || text(key) === '') problem(key, `missing: the original needed "${key}" for every build${build.style === 'strings' ? ` (set it in ${label} or [DEFAULT])` : ''}`);
  }
  addString('app');
  addString('version');

  const profile = text('profile');
  if (profile) {
    const mapped = originalProfile(profile, ctx.userProfiles);
    if (mapped.refused) out.skipped = `${label}: profile "${profile}": ${mapped.refused}`;
    else if (mapped.name !== profile) {
      add('profile', mapped.name, `was "${profile}"`);
      out.warnings.push(`${at('profile')}: "${profile}" is written as "${mapped.name}", its current successor`);
    } else add('profile', profile);
  }

  convertSource(build, ctx, out, problem, str);

  for (const key of ['build_deps', 'runtime_deps']) {
    const v = args[key];
    if (v === undefined || v === null) continue;
    const list = Array.isArray(v) ? v.map(String) : String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
    add(key, list.map((s) => s.replaceAll('$', () => '$$')));
  }
  for (const key of SAME) addString(key);

  const fpm = text('fpm_args');
  if (fpm !== undefined) add('fpm_args', str('fpm_args', fpm).value, 'the native packager reads the common fpm flags; packager = "fpm" runs fpm as the original did');

  convertPython(build, out, text, str, add, at);

  const req = text('requirements_path');
  if (req !== undefined) {
    const cleaned = req.replace(/^(\.?\/)+/, '');
    const s = str('requirements_path', cleaned);
    add('requirements_path', s.value, 'relative to working_dir');
    if (!req.startsWith('/')) {
      out.warnings.push(`${at('requirements_path')}: "${req}": the original appended it to the project directory with no "/" between, so it never found this file and installed no requirements from it; the new file installs "${cleaned}"`);
    }
  }

  let linksInPostinst = false;
  for (const hook of HOOKS) {
    const v = text(hook);
    if (v === undefined) continue;
    add(hook, v.replaceAll('$', () => '$$'), 'relative to the source root');
    if (hook === 'after_install' && createsCommandLinks(resolve(ctx.cwd, sourceRoot(args) ?? '.', v), resolve(ctx.cwd, v))) linksInPostinst = true;
  }
  if (linksInPostinst) {
    add('bin_links', [], 'after_install links commands into /usr/bin itself; vdist would link the console scripts too and the two would collide');
  } else {
    out.notes.push('bin_links (new): vdist links the console scripts into /usr/bin; if a maintainer script of yours does that already, set bin_links = []');
  }

  const outputFolder = text('output_folder');
  if (outputFolder) out.output_dir = outputFolder;
  if (args.use_local_pip_conf !== undefined && args.use_local_pip_conf !== false && args.use_local_pip_conf !== 'False') {
    out.dropped.push(`${at('use_local_pip_conf')}: vdist does not copy ~/.pip into the container; give the index in pip_args (e.g. --index-url), with a \${TOKEN} for credentials`);
  }
  if (text('package_tmp_root') !== undefined) out.dropped.push(`${at('package_tmp_root')}: vdist builds in /vdist/src of the container; nothing to set`);
  if (text('output_script') !== undefined) out.dropped.push(`${at('output_script')}: \`vdist build --dry-run\` prints each rendered script`);

  const known = new Set([...SAME, ...HOOKS, 'app', 'version', 'profile', 'build_deps', 'runtime_deps', 'fpm_args', 'requirements_path', 'compile_python', 'python_version', 'python_basedir', 'source', 'source_git', 'source_git_directory', 'source_directory', 'output_folder', 'use_local_pip_conf', 'package_tmp_root', 'output_script']);
  for (const key of Object.keys(args)) {
    if (!known.has(key) && !IGNORED.has(key)) out.dropped.push(`${at(key)}: not an argument of the original's builds (it refused it too)`);
  }
  return out;
}

type StrFn = (key: string, value: string) => {value: string; changed: boolean};

function convertSource(build: OriginalBuild, ctx: ConvertContext, out: ConvertedBuild, problem: (key: string, message: string) => void, str: StrFn): void {
  const args = build.args;
  const path = (p: string) => {
    const abs = resolve(ctx.cwd, p.trim());
    const rel = relative(ctx.configDir, abs);
    return (isAbsolute(p.trim()) && rel.startsWith('..') ? abs : rel || '.').replaceAll('$', () => '$$');
  };
  const found: Array<{key: string; value: Record<string, string>}> = [];
  if (build.style === 'kwargs') {
    const s = args.source as {type?: string; uri?: string; path?: string; branch?: string} | undefined;
    if (s === undefined) return problem('source', 'missing: the original needed source=git(...), directory(...) or git_directory(...)');
    if (s.type === 'git' && s.uri) found.push({key: 'source', value: {git: str('source', s.uri).value, branch: s.branch ?? 'master'}});
    else if (s.type === 'directory' && s.path) found.push({key: 'source', value: {directory: path(s.path)}});
    else if (s.type === 'git_directory' && s.path) found.push({key: 'source', value: {git_directory: path(s.path), branch: s.branch ?? 'master'}});
    else return problem('source', `not a source the original knew: ${JSON.stringify(s)}`);
  } else {
    const pair = (key: string) => {
      const v = args[key];
      if (v === undefined) return undefined;
      const parts = Array.isArray(v) ? v.map(String) : String(v).split(',').map((p) => p.trim());
      if (parts.length < 2 || parts[1] === '') {
        out.warnings.push(`${build.file}:${build.keyLines?.[key] ?? build.line ?? '?'}: ${key}: "${String(v)}" has no branch: the original failed on it (it expects "location, branch"); the new file uses "master", the original's default branch`);
      }
      return {where: parts[0]!, branch: parts[1] || 'master'};
    };
    const git = pair('source_git');
    if (git) found.push({key: 'source_git', value: {git: str('source', git.where).value, branch: git.branch}});
    const gitDir = pair('source_git_directory');
    if (gitDir) found.push({key: 'source_git_directory', value: {git_directory: path(gitDir.where), branch: gitDir.branch}});
    if (args.source_directory !== undefined) found.push({key: 'source_directory', value: {directory: path(String(args.source_directory))}});
    if (found.length === 0) return problem('source_directory', 'missing: the original needed one of source_directory, source_git_directory or source_git');
    if (found.length > 1) return problem(found[1]!.key, `this build names ${found.length} sources (${found.map((f) => f.key).join(', ')}): keep one`);
  }
  out.entries.push({key: 'source', value: found[0]!.value});
}

function convertPython(
  build: OriginalBuild,
  out: ConvertedBuild,
  text: (key: string) => string | undefined,
  str: StrFn,
  add: (key: string, value: TomlValue, comment?: string) => void,
  at: (key: string) => string,
): void {
  const raw = build.args.compile_python;
  let compile = true;
  if (typeof raw === 'boolean') compile = raw;
  else if (raw !== undefined && raw !== null) {
    const word = String(raw).trim().toLowerCase();
    const meant = BOOLEAN_WORDS[word];
    if (meant === undefined) out.warnings.push(`${at('compile_python')}: "${String(raw)}" is not a yes/no word: read as true, as the original did`);
    compile = meant ?? word !== '';
    if (meant === false) {
      out.warnings.push(`${at('compile_python')}: "${String(raw)}": the original read any non-empty text as true and compiled Python anyway; the new file says false, so the package uses the python3 at python_basedir (default /usr) and compiles none`);
    }
  }
  if (raw !== undefined && raw !== null) {
    add('compile_python', compile, compile ? undefined : 'false: vdist makes the virtualenv with the python3 at python_basedir (default /usr: the target\'s own, a dependency of the package)');
  }
  const version = text('python_version');
  if (version !== undefined) {
    if (/^3\.\d+\.\d+$/.test(version) || /\{/.test(version)) {
      const s = str('python_version', version);
      add('compile_python_version', s.value, 'was python_version');
    } else {
      out.dropped.push(`${at('python_version')}: "${version}": vdist compiles CPython 3.X.Y only; the new file uses vdist's default version`);
    }
  }
  const basedir = text('python_basedir');
  if (basedir !== undefined) {
    add('python_basedir', str('python_basedir', basedir).value, 'where the interpreter lives; the app gets a virtualenv at {package_install_root}/{app} that uses it');
  } else if (compile) {
    out.notes.push('python_basedir (default changed): the original compiled CPython into /opt/{app} itself; vdist compiles it into /opt/{app}/python and makes a virtualenv at /opt/{app}, so /opt/{app}/bin/python3 and the console scripts are where they were. Set python_basedir = "/opt/{app}" to keep the old place');
  }
}

function sourceRoot(args: Record<string, unknown>): string | undefined {
  const s = args.source as {path?: string} | undefined;
  if (s?.path) return s.path;
  const d = args.source_directory ?? (typeof args.source_git_directory === 'string' ? args.source_git_directory.split(',')[0] : undefined);
  return typeof d === 'string' ? d.trim() : undefined;
}

/** An after_install script that makes symlinks in /usr/bin (or /usr/local/bin) itself. */
function createsCommandLinks(...candidates: string[]): boolean {
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      if (/\bln\s+-\w*s\w*\b[^\n]*\/usr\/(local\/)?bin\//.test(readFileSync(file, 'utf8'))) return true;
    } catch {
      // A directory or an unreadable file is not a script we can read.
    }
  }
  return false;
}

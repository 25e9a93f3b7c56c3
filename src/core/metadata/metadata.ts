import {join} from 'node:path';
import {ConfigError, type ConfigProblem} from '../errors.js';
import type {BuildSpec, ScriptHooks} from '../types.js';
import type {CompressionAlgorithm} from '../archive/compress.js';
import {debVersion} from '../formats/deb/control.js';
import {parseDependency} from './dependency.js';
import {wrapWords} from './description.js';
import {projectDocs, type ProjectDocsSource} from './package-docs.js';
import {interpreterDepends, managedUnits} from '../contract/deploy.js';
import {parseFpmArgs} from './fpm-args.js';
import type {PackageMetadata} from '../packagers/packager.js';
import {formatFacts} from '../formats/facts.js';

export interface MetadataOptions {
  /** Seconds since the epoch; clamps mtimes and stands in for the build time. */
  sourceDateEpoch: number;
  /** Dependencies found from the tree's shared libraries (already in `name` or `name (>= v)` form). */
  autoDepends?: string[];
  /** deb-style architecture detected from the tree; `all` when undefined. */
  architecture?: string;
  /** Reads a hook script named relative to the source root (on the host). */
  readScript: (path: string) => string;
  /** Compression when fpm_args do not set one. Default xz. */
  compression?: {algorithm: CompressionAlgorithm; level?: number};
  /** What problems are reported against; default the build's vdist.toml. */
  origin?: string;
  /** The Python minor version (`3.11`) the virtualenv was made with, found in the build container. */
  pythonVersion?: string;
  /**
   * The project's metadata, read from the source on the host: with it the
   * package gets its license, copyright file, changelog and description
   * from the project. Without it (`vdist package`) only fpm_args say them.
   */
  project?: ProjectDocsSource;
}

/** The parts of a BuildSpec the metadata comes from (`vdist package` makes them from its flags). */
export type MetadataSource = Pick<BuildSpec, 'name' | 'app' | 'version' | 'runtime_deps' | 'fpm_args' | 'packager' | 'config_dir' | keyof ScriptHooks> &
  Partial<Pick<BuildSpec, 'native_fpm_args' | 'compile_python' | 'package_install_root' | 'python_basedir' | 'systemd_units' | 'config_files' | 'license' | 'long_description' | 'changelog'>> & {
    profile: Pick<BuildSpec['profile'], 'format'>;
  };

const HOOKS: (keyof ScriptHooks)[] = ['before_install', 'after_install', 'before_remove', 'after_remove', 'before_upgrade', 'after_upgrade'];

/** fpm's and rpm's architecture names mapped to Debian's, which PackageMetadata uses. */
const ARCH_ALIASES: Record<string, string> = {x86_64: 'amd64', aarch64: 'arm64', noarch: 'all', i686: 'i386', i386: 'i386', ppc64le: 'ppc64el'};

/** The package's intent, assembled once: the metadata known before the tree streams, completed by what the tree shows. */
export interface PackageIntent {
  /** The metadata without the dependencies the tree adds, its architecture that of fpm_args or `all`: enough for the data part (compression, excludes, dates, doc files). */
  meta: PackageMetadata;
  /** The whole metadata, once the tree has been read: its library dependencies (after runtime_deps) and its architecture. */
  complete(tree?: {autoDepends?: string[]; architecture?: string}): PackageMetadata;
}

/**
 * Everything the package writers need, from a BuildSpec: fpm_args are parsed
 * (an unknown flag is a ConfigError pointing to `packager = "fpm"`),
 * runtime_deps and auto dependencies merged, hook scripts read.
 */
export function packageMetadata(spec: MetadataSource, opts: MetadataOptions): PackageMetadata {
  return packageIntent(spec, opts).complete({autoDepends: opts.autoDepends, architecture: opts.architecture});
}

/**
 * The metadata of a package before its tree streams (fpm_args taken as
 * parsed at load when the spec carries them, hook scripts read, project docs
 * made), with what the tree adds left to complete(): each is done once per
 * package.
 */
export function packageIntent(spec: MetadataSource, opts: Omit<MetadataOptions, 'autoDepends' | 'architecture'>): PackageIntent {
  const file = opts.origin ?? join(spec.config_dir, 'vdist.toml');
  const parsed = spec.native_fpm_args ? {args: spec.native_fpm_args, problems: []} : parseFpmArgs(spec.packager === 'native' ? spec.fpm_args : []);
  const {args} = parsed;
  const problems: ConfigProblem[] = parsed.problems.map((p) => ({file, key: `${spec.name}.fpm_args`, message: p.message}));
  const problem = (key: string, message: string) => problems.push({file, key: `${spec.name}.${key}`, message});

  checkRelations(spec.runtime_deps, problem);
  // The interpreter's pair of relations goes in whole, unless the user named that package already.
  const interpreter = interpreterDepends({compile_python: spec.compile_python ?? true, python_basedir: spec.python_basedir ?? ''}, spec.profile.format, opts.pythonVersion);

  const scripts: PackageMetadata['scripts'] = {};
  for (const hook of HOOKS) {
    const path = spec[hook] ?? args.scripts[hook];
    if (!path) continue;
    try {
      scripts[hook] = opts.readScript(path);
    } catch (error) {
      problem(hook, `cannot read script "${path}" (paths are relative to the source root): ${(error as Error).message}`);
    }
  }

  const epoch = args.epoch === undefined ? undefined : Number(args.epoch);
  if (!/^[0-9][A-Za-z0-9.+~]*$/.test(spec.version)) {
    problem('version', `"${spec.version}" is not a package version: start with a digit, then letters, digits and . + ~ only`);
  }
  if (spec.changelog !== undefined && opts.project && opts.project.changelog?.text === undefined) {
    problem('changelog', `"${spec.changelog}" is not in the source (the path is relative to working_dir)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const format = spec.profile.format;
  const docs = projectDocs(
    {
      app: spec.app,
      debVersion: debVersion({version: spec.version, iteration: args.iteration, epoch} as PackageMetadata),
      native: args.iteration === undefined,
      format,
      license: spec.license ?? args.license,
      maintainer: args.maintainer,
      description: args.description,
      long_description: spec.long_description,
      sourceDateEpoch: opts.sourceDateEpoch,
      defaultMaintainer: DEFAULT_MAINTAINER,
    },
    opts.project,
  );
  const algorithm = args[`${formatFacts(format).fpmPrefix}_compression`] ?? opts.compression?.algorithm ?? 'xz';
  const requested = args.architecture && args.architecture !== 'native' ? args.architecture : undefined;
  const withTree = (autoDepends: string[], architecture: string | undefined): PackageMetadata => {
    const depends = mergeRelations([...spec.runtime_deps, ...args.depends, ...autoDepends]);
    if (!interpreter.some((d) => depends.some((e) => relationName(e) === relationName(d)))) depends.push(...interpreter);
    return {
      name: spec.app,
      version: spec.version,
      iteration: args.iteration,
      epoch,
      architecture: requested ? (ARCH_ALIASES[requested] ?? requested) : (architecture ?? 'all'),
      maintainer: docs.maintainer ?? DEFAULT_MAINTAINER,
      vendor: args.vendor,
      description: describe(args.description, docs, spec),
      license: docs.license,
      url: args.url,
      category: args.category,
      depends,
      conflicts: args.conflicts,
      provides: args.provides,
      replaces: args.replaces,
      config_files: [...new Set([...Object.keys(spec.config_files ?? {}), ...args.config_files.map((p) => (p.startsWith('/') ? p : `/${p}`))])],
      systemd_units: managedUnits(spec.systemd_units ?? []),
      excludes: args.excludes,
      scripts,
      source_date_epoch: opts.sourceDateEpoch,
      compression: {algorithm, level: opts.compression?.algorithm === algorithm ? opts.compression.level : undefined},
      ...(opts.project ? {doc_files: docs.files, changelog: docs.changelog} : {}),
    };
  };
  return {
    meta: withTree([], undefined),
    complete: (tree = {}) => {
      // fpm_args' own relations were checked by parseFpmArgs, runtime_deps above; the found ones are checked here.
      const found: ConfigProblem[] = [];
      checkRelations(tree.autoDepends ?? [], (key, message) => found.push({file, key: `${spec.name}.${key}`, message}));
      if (found.length > 0) throw new ConfigError(found);
      return withTree(tree.autoDepends ?? [], tree.architecture);
    },
  };
}

/** Each relation that does not parse, reported against runtime_deps. */
function checkRelations(list: readonly string[], problem: (key: string, message: string) => void): void {
  for (const text of list) {
    try {
      parseDependency(text);
    } catch (error) {
      problem('runtime_deps', (error as Error).message);
    }
  }
}

/**
 * The description: the synopsis (fpm_args' --description, else the
 * project's summary), then the extended text. A --description of several
 * lines is the user's whole text. Else the `long_description` key, else the
 * README's first paragraph followed by a paragraph saying what the package
 * holds, which alone stands in when there is neither: Debian policy wants an
 * extended description, and lintian and rpmlint flag an empty one.
 */
function describe(given: string | undefined, docs: {summary?: string; extended?: string}, spec: MetadataSource): string {
  const summary = docs.summary ?? 'Python application packaged with vdist';
  if (given?.trim().includes('\n')) return `${summary}\n${given.trim().split('\n').slice(1).join('\n')}`;
  if (spec.long_description?.trim() && docs.extended) return `${summary}\n${docs.extended}`;
  const holds = whatItHolds(spec);
  return `${summary}\n${docs.extended ? `${docs.extended}\n\n${holds}` : holds}`;
}

/** A paragraph saying what the package holds. */
function whatItHolds(spec: MetadataSource): string {
  if (spec.package_install_root === undefined) return `${spec.app} ${spec.version}, packaged with vdist.`;
  const python = spec.compile_python ? ', with its own CPython' : '';
  const body = `${spec.app} ${spec.version} and its Python dependencies in a virtualenv at ${spec.package_install_root}/${spec.app}${python}.`;
  return wrapWords(body, 72).join('\n');
}

/**
 * The maintainer when neither fpm_args nor the project's authors give one:
 * no user or host name leaks into the package, and the reserved `.invalid`
 * domain (RFC 2606) is one lintian accepts as a mail host.
 */
export const DEFAULT_MAINTAINER = 'vdist <vdist@localhost.invalid>';

/** The package name of a relation: `python3` of `python3 (>= 3.11)`, `python(abi)` of `python(abi) = 3.11`. */
function relationName(text: string): string {
  try {
    return parseDependency(text).name;
  } catch {
    return text.trim().split(/[\s(<>=]/)[0]!;
  }
}

/** Keeps the first relation for each package name, in order. */
function mergeRelations(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of list) {
    const name = relationName(text);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(text.trim());
  }
  return out;
}

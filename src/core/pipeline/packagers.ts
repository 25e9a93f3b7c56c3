import {readFileSync} from 'node:fs';
import {isAbsolute, join, posix} from 'node:path';
import {getPackager, packageIntent, packageMetadata, type PackageIntent} from '../packagers/index.js';
import type {ProjectDocsSource} from '../metadata/package-docs.js';
import type {DataOptions, NativePackager, PackageMetadata, TreeFacts} from '../packagers/packager.js';
import {CONTAINER_PATHS, packagePaths} from '../contract/container-paths.js';
import type {BuildSpec, PackageFormat, ScriptHooks} from '../types.js';

const HOOKS: (keyof ScriptHooks)[] = ['before_install', 'after_install', 'before_remove', 'after_remove', 'before_upgrade', 'after_upgrade'];

/**
 * Reads a maintainer-script hook named in vdist.toml: relative to the source
 * root on the host, or absolute. A `git` source has no host checkout, so its
 * hooks must be absolute paths.
 */
export function hookReader(spec: BuildSpec): (path: string) => string {
  return (path) => {
    if (isAbsolute(path)) return readFileSync(path, 'utf8');
    if (spec.source.kind === 'git') {
      throw new Error('a git source has no checkout on the host: give the hook script as an absolute path');
    }
    return readFileSync(join(spec.source.path, path), 'utf8');
  };
}

/**
 * A native package's intent, made once per build before its tree streams:
 * fpm_args as parsed at load, hook scripts read, project docs made. The
 * data part takes its options from `meta`; complete() adds what the tree
 * showed (see treeFacts).
 */
export function packageIntentFor(spec: BuildSpec, sourceDateEpoch: number, pythonVersion?: string, project?: ProjectDocsSource): PackageIntent {
  return packageIntent(spec, {sourceDateEpoch, readScript: hookReader(spec), compression: spec.compression, pythonVersion, project});
}

/**
 * What the tree adds to a package's intent: its library dependencies and
 * its architecture. A tree with ELF files is for the build's arch (checked
 * against them); one without is `all`, unless the arch was asked for: two
 * builds of one config for amd64 and arm64 make two packages.
 */
export function treeFacts(spec: BuildSpec, facts: TreeFacts, autoDepends: string[]): {autoDepends: string[]; architecture?: string} {
  return {autoDepends, architecture: facts.architecture || spec.arch_requested ? spec.arch : undefined};
}

/** PackageMetadata for a native package; `autoDepends` are added after runtime_deps. */
export function packageMetadataFor(spec: BuildSpec, facts: TreeFacts, autoDepends: string[], sourceDateEpoch: number, pythonVersion?: string, project?: ProjectDocsSource): PackageMetadata {
  return packageIntentFor(spec, sourceDateEpoch, pythonVersion, project).complete(treeFacts(spec, facts, autoDepends));
}

/** What the data part needs before the tree streams: compression (fpm_args win over `compression`), excludes, SOURCE_DATE_EPOCH, the project's doc files. */
export function dataOptions(meta: PackageMetadata): DataOptions {
  const {compression, excludes, source_date_epoch, doc_files} = meta;
  return {compression, excludes, source_date_epoch, doc_files};
}

/** The native writer of a format. */
export function nativePackagerFor(format: PackageFormat): NativePackager {
  return getPackager(format, 'native');
}

/**
 * The argv the build script runs when `packager = "fpm"`: fpm reads the tree
 * in the container, so hook scripts are passed as paths inside it (relative
 * ones are under the source dir) and fpm_args pass through untouched.
 */
export function fpmCommandFor(spec: BuildSpec, sourceDateEpoch: number): string[] {
  const meta = packageMetadata(spec, {sourceDateEpoch, readScript: () => ''});
  const scriptPaths: Partial<Record<keyof ScriptHooks, string>> = {};
  for (const hook of HOOKS) {
    const path = spec[hook];
    if (path) scriptPaths[hook] = posix.isAbsolute(path) ? path : posix.join(CONTAINER_PATHS.src, path);
  }
  const paths = packagePaths(spec);
  return getPackager(spec.profile.format, 'fpm').command(meta, paths, CONTAINER_PATHS.out, {fpmArgs: spec.fpm_args, scriptPaths});
}

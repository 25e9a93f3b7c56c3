import type {Readable} from 'node:stream';
import type {PackageFormat, PackagerKind, ScriptHooks} from '../types.js';

/**
 * Everything a package writer needs to know, independent of how the tree was
 * built. Made from a BuildSpec, fpm_args and the automatically found
 * shared-library dependencies.
 */
export interface PackageMetadata {
  name: string;
  version: string;
  /** deb revision / rpm release. When unset, a .deb has none (`1.0`, as fpm does) and an .rpm gets release "1". */
  iteration?: string;
  epoch?: number;
  /** deb spelling (amd64, arm64, all) — each writer maps it to its own (x86_64, aarch64, noarch). */
  architecture: string;
  maintainer: string;
  vendor?: string;
  description: string;
  license?: string;
  url?: string;
  /** deb Section / rpm Group. */
  category?: string;
  depends: string[];
  conflicts: string[];
  provides: string[];
  replaces: string[];
  /** Absolute paths inside the package marked as configuration files. */
  config_files: string[];
  /** Glob patterns of paths to leave out. */
  excludes: string[];
  /** Maintainer scripts: the script text, not a path. */
  scripts: Partial<Record<keyof ScriptHooks, string>>;
  /** Seconds since the epoch: every mtime is clamped to it, and it stands in for build time. */
  source_date_epoch: number;
  compression: {algorithm: 'gzip' | 'xz' | 'zstd'; level?: number};
}

/** What the packager learnt while reading the tree (see staged-tree.ts). */
export interface TreeFacts {
  /** DT_NEEDED sonames of every ELF file in the tree. */
  needed: Set<string>;
  /** Sonames (and file names) of the libraries the tree ships itself. */
  provided: Set<string>;
  /** deb-style architecture detected from ELF headers, or undefined when there are none. */
  architecture?: string;
  fileCount: number;
  /** Sum of regular file sizes in bytes. */
  installedSize: number;
}

export interface Packager {
  readonly kind: PackagerKind;
  readonly format: PackageFormat;
  /** The file name fpm would give it: `app_1.0-1_amd64.deb`, `app-1.0-1.x86_64.rpm`. */
  fileName(meta: PackageMetadata): string;
}

/**
 * The install tree read once from the container's tar stream and spooled to a
 * temp file, with an index that lets writers emit entries in sorted order.
 * Made by `stageTree()` in staged-tree.ts; both native writers read it.
 */
export interface StagedTree {
  readonly facts: TreeFacts;
  /** Every entry, sorted by path (byte order), parent directories included. */
  readonly entries: readonly TreeEntry[];
  /** The content of a regular file, read from the spool. */
  open(entry: TreeEntry): Readable;
  /** Remove the spool file. */
  dispose(): Promise<void>;
}

/** One entry of a staged tree. */
export interface TreeEntry {
  /** Absolute path without a trailing slash, e.g. `/opt/app/bin/python3`. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits (07777). */
  mode: number;
  /** Bytes of content (regular files; 0 for the others). */
  size: number;
  /** Seconds since the epoch, as read from the tar (writers clamp it). */
  mtime: number;
  /** Symlink target. */
  linkTarget?: string;
  /** Entries that are hard links of one another share this id (> 0); 0 when not hard-linked. */
  linkGroup: number;
  /** Hex digests of the content (regular files). */
  md5?: string;
  sha256?: string;
  /** Where the content starts in the spool file. */
  offset: number;
  /** True when the tar had no entry for this directory and the stager added it. */
  implicit?: boolean;
}

/** Writes the package itself, on the host, from a staged tree. */
export interface NativePackager extends Packager {
  readonly kind: 'native';
  /** Writes `outFile`; a half-written file is deleted on error. */
  write(meta: PackageMetadata, tree: StagedTree, outFile: string): Promise<void>;
}

/** Runs fpm inside the build container. */
export interface FpmPackager extends Packager {
  readonly kind: 'fpm';
  /** The argv run in the container: `fpm -s dir -t deb -n app -v 1.0 ... paths`, writing into `outDir`. */
  command(meta: PackageMetadata, paths: string[], outDir: string, extra?: FpmCommandExtras): string[];
}

/** What the fpm packager passes through as it is: the user's fpm_args and hook script paths inside the container. */
export interface FpmCommandExtras {
  fpmArgs?: readonly string[];
  scriptPaths?: Partial<Record<keyof ScriptHooks, string>>;
}

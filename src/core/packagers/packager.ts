import type {CompressedFile} from '../archive/compress.js';
import type {TreeReader} from '../tree/tree-stream.js';
import type {TreeEntry, TreeFacts} from '../tree/tree-entry.js';
import type {PackageFormat, PackagerKind, ScriptHooks} from '../types.js';
import type {ChangelogEntry} from '../metadata/changelog.js';
import type {DocFile} from '../metadata/package-docs.js';

export type {TreeEntry, TreeFacts} from '../tree/tree-entry.js';

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
  /** systemd units (names such as `myapp.service`) the maintainer scripts enable, start, restart, stop and disable. */
  systemd_units?: string[];
  /** Maintainer scripts: the script text, not a path. */
  scripts: Partial<Record<keyof ScriptHooks, string>>;
  /** Seconds since the epoch: every mtime is clamped to it, and it stands in for build time. */
  source_date_epoch: number;
  compression: {algorithm: 'gzip' | 'xz' | 'zstd'; level?: number};
  /** Files vdist adds from the project's metadata (copyright, changelog, license texts), merged into the tree in order. */
  doc_files?: DocFile[];
  /** The package's changelog entry (rpm's %changelog; the .deb carries it as a doc file). */
  changelog?: ChangelogEntry;
}

export interface Packager {
  readonly kind: PackagerKind;
  readonly format: PackageFormat;
  /** The file name fpm would give it: `app_1.0-1_amd64.deb`, `app-1.0-1.x86_64.rpm`. */
  fileName(meta: PackageMetadata): string;
}

/** What the data part of a package needs before the tree is read; the rest of the metadata may wait for it. */
export type DataOptions = Pick<PackageMetadata, 'compression' | 'excludes' | 'source_date_epoch' | 'doc_files'>;

/** The compressed data part of a package, written while the tree streamed by (in a temp dir). */
export interface DataPart {
  file: string;
  compressed: CompressedFile;
  /** Every entry written, in tree order. */
  entries: TreeEntry[];
}

/** Writes the package itself, on the host, from the install tree's stream. */
export interface NativePackager extends Packager {
  readonly kind: 'native';
  /** True when every hard link needs its group's content spooled (rpm puts it on the group's last member). */
  readonly linksNeedSpool: boolean;
  /** Encodes and compresses the data part into `workDir` while the tree streams by. */
  writeData(tree: TreeReader, options: DataOptions, workDir: string): Promise<DataPart>;
  /** Writes `outFile` from the metadata and the data part; a half-written file is deleted on error. */
  finish(meta: PackageMetadata, data: DataPart, outFile: string): Promise<void>;
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

/**
 * The shared vocabulary of a build. Config produces BuildSpecs; every later
 * stage (source, backend, template, packager) takes a BuildSpec and nothing
 * else from the config.
 *
 * BuildSpec keys keep vdist.toml's snake_case names on purpose: the same
 * names appear in the config, in the template context and in the docs.
 */

import type {Arch} from './arch.js';

/** What fpm_args says to the native packager (parsed in src/core/metadata/fpm-args.ts). */
/** What vdist understands of an fpm command line, for the native packager. */
export interface ParsedFpmArgs {
  description?: string;
  maintainer?: string;
  vendor?: string;
  license?: string;
  url?: string;
  category?: string;
  iteration?: string;
  epoch?: string;
  architecture?: string;
  depends: string[];
  conflicts: string[];
  provides: string[];
  replaces: string[];
  config_files: string[];
  excludes: string[];
  /** systemd unit files in the source (fpm's --deb-systemd and --rpm-systemd), for builds of that format. */
  deb_systemd: string[];
  rpm_systemd: string[];
  /** Script paths, relative to the source root. */
  scripts: ScriptHooks;
  deb_compression?: CompressionAlgorithm;
  rpm_compression?: CompressionAlgorithm;
}

/** A compressor of package data (src/core/archive/compress.ts). */
export type CompressionAlgorithm = 'gzip' | 'xz' | 'zstd';

export interface Compression {
  algorithm: CompressionAlgorithm;
  /** gzip 1-9 (default 9), xz 0-9 (default 6), zstd 1-19 (default 19 for packages... see DEFAULT_LEVEL). */
  level?: number;
}

/** The package formats, the one list of them; each has a folder in src/core/formats and an entry in its registry. */
export const PACKAGE_FORMATS = ['deb', 'rpm'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

/** A distribution family: the smoke test's installer and dependency lookups. */
export type ProfileFamily = 'debian' | 'rhel';
export type PackagerKind = 'native' | 'fpm';
export type BackendName = 'podman' | 'buildah' | 'docker';

export type SourceSpec =
  | {kind: 'directory'; path: string}
  | {kind: 'git_directory'; path: string; branch: string}
  | {kind: 'git'; uri: string; branch: string};

/** A resolved build profile: which image, which script, which package format. */
export interface Profile {
  name: string;
  /** Image reference, e.g. `docker.io/library/debian:bookworm` or `localhost/debian:bookworm`. */
  image: string;
  /** Script template file name, e.g. `debian.sh`. */
  script: string;
  /** Absolute path of the template that `script` resolved to (user's profiles_dir wins). */
  script_path: string;
  format: PackageFormat;
  packager?: PackagerKind;
  /** The native packager's default compression for this target (see docs/packagers.md for the measurements). */
  compression?: Compression;
  /** Distribution family, for the smoke test's installer and dependency lookups. */
  family: ProfileFamily;
  /** Where the profile came from: `builtin` or the path of the user's profiles file. */
  origin: string;
  /** For `vdist image bootstrap`: the debootstrap suite and default mirror, when bootstrappable. */
  bootstrap?: {distribution: 'debian' | 'ubuntu'; suite: string; components?: string[]};
  /** Image per architecture (`{arm64: "docker.io/arm64v8/debian:bookworm"}`); `image` serves the others. */
  images?: Partial<Record<Arch, string>>;
  /** Pull the image without TLS verification (podman, buildah); docker follows its daemon's insecure-registries. */
  insecure_registry?: boolean;
}

/** Maintainer-script hooks, as paths relative to the source root (or absolute on the host). */
export interface ScriptHooks {
  before_install?: string;
  after_install?: string;
  before_remove?: string;
  after_remove?: string;
  before_upgrade?: string;
  after_upgrade?: string;
}

/** One fully resolved, immutable build. */
export interface BuildSpec extends ScriptHooks {
  /** Display name; default `{app}-{version}-{profile}` with [^A-Za-z0-9.-] turned into `_`. */
  name: string;
  app: string;
  version: string;
  source: SourceSpec;
  /** Its profile, with `image` already the one for `arch`. */
  profile: Profile;
  /** Target architecture: the container's platform, the package's architecture, part of the cache key. Default: the host's. */
  arch: Arch;
  /** `arch` was asked for (`arch` key, `--arch`): the package carries it even when its tree has no ELF file. */
  arch_requested?: boolean;
  build_deps: string[];
  runtime_deps: string[];
  /** fpm arguments as a list of words (a string in vdist.toml is split shell-style). */
  fpm_args: string[];
  /** pip arguments as a list of words. May hold secrets: always pass through redact() before printing. */
  pip_args: string[];
  /** Directory inside the source that holds the app (vdist's working_dir). '' = the source root. */
  working_dir: string;
  /** Relative to working_dir, leading slash removed. */
  requirements_path: string;
  /** `"auto"` (look in working_dir), a path relative to working_dir, or false (no lock: requirements_path as before). */
  lock_file: string | false;
  /** Lock groups installed besides the main one. */
  groups: string[];
  /** Project extras installed from the lock. */
  extras: string[];
  /** Locked packages without hashes are installed unchecked instead of failing the build. */
  allow_unhashed: boolean;
  /** A stale lock fails the build instead of warning. */
  strict_lock: boolean;
  compile_python: boolean;
  compile_python_version: string;
  python_basedir: string;
  /** Where CPython tarballs come from: `{mirror}/{v}/Python-{v}.tgz`. http(s):// or file://. */
  python_mirror: string;
  /** Groups of the Python runtime kept in the package (see PYTHON_KEEP_GROUPS); the rest is left out. */
  python_keep: string[];
  /** Overrides the shipped table of known CPython tarball digests. */
  python_sha256?: string;
  package_install_root: string;
  custom_filename?: string;
  packager: PackagerKind;
  /** Compression of the package's data: the build's `compression`, else the profile's, else the format's default (xz:0). fpm_args' --deb-compression/--rpm-compression win. */
  compression: Compression;
  /** Resolve shared-library NEEDED entries to distribution packages and add them as dependencies. */
  auto_runtime_deps: boolean;
  /** Commands linked as /usr/bin/NAME -> {install_dir}/bin/NAME; undefined = the app's console scripts, found in the build. */
  bin_links?: string[];
  /** systemd unit files, as paths relative to the source root (with fpm_args' --deb-systemd / --rpm-systemd for the native packager). */
  systemd_units: string[];
  /** Configuration files: installed absolute path -> file relative to the source root. */
  config_files: Record<string, string>;
  /** Run in a fresh container after install, e.g. `/opt/myapp/bin/myapp --version`. */
  smoke_command?: string;
  /** The package's license as an SPDX expression; wins over fpm_args' --license and the project's metadata. */
  license?: string;
  /** The package's extended description, instead of the README's first paragraph. */
  long_description?: string;
  /** The project's changelog file (relative to working_dir), whose newest entry becomes the package's changelog. */
  changelog?: string;
  /** Directory of the vdist.toml, against which relative paths were resolved. */
  config_dir: string;
  /** What the native packager takes from fpm_args, parsed once at load (empty for packager = "fpm"). */
  native_fpm_args?: ParsedFpmArgs;
  /** Every file vdist.toml names for this build, with where it names it: checked to exist before any engine is called. */
  named_files?: readonly NamedFile[];
}

/**
 * A file vdist.toml names (a maintainer script, a unit, a config file, the
 * changelog, the lock file), and how the build will look for it.
 */
export interface NamedFile {
  /** Where vdist.toml names it: the file as shown, its line, the dotted key. */
  file: string;
  line?: number;
  key: string;
  /** The path as written. */
  path: string;
  /**
   * `tar`: relative to the source root, read from the source tar in the build container.
   * `read`: relative to the source root, read from the source on the host (lock file, changelog).
   * `host`: a maintainer script the native packager reads on the host: absolute, or relative to the source directory.
   */
  from: 'tar' | 'read' | 'host';
}

/** Tool-level settings from `[vdist]`, overridden by flags. */
export interface ToolSettings {
  profiles_dir: string;
  backend?: BackendName;
  output_dir: string;
  jobs: number;
  network?: string;
  /** buildah only: `chroot` needs no OCI runtime. */
  isolation?: 'chroot' | 'oci';
  /** Provisioned-image cache entries older than this are made again (`"7d"`; `"0"` = never reuse). */
  cache_max_age?: string;
  /** Longest one build may take (`"30m"`); none by default. */
  timeout?: string;
  /** The OCI registry repository the provisioned-image cache is shared through (`host[:port]/path`). */
  cache_registry?: string;
  /** Whether builds push the levels they provision to cache_registry (default "never"). */
  cache_push?: 'always' | 'never';
  /** cache_registry is plain HTTP or has a certificate nobody vouches for. */
  cache_registry_insecure?: boolean;
  /** Key that signs rpms and repositories: a gpg key id or fingerprint, or (resolved) the path of an armored secret key. */
  signing_key?: string;
  /** Also sign .debs (debsigs' `_gpgorigin`) with signing_key. */
  sign_debs?: boolean;
}

/** Everything a loaded vdist.toml yields. */
export interface LoadedConfig {
  file: string;
  settings: ToolSettings;
  builds: BuildSpec[];
  /** Said about the file while loading it (`file:line: key: message`), shown before a build or plan. */
  warnings?: string[];
}

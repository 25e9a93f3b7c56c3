import {z} from 'zod';

/**
 * The shape of vdist.toml, the single source of both the validator and the
 * JSON Schema shipped in schema/vdist.schema.json. Types only: rules that
 * need more than one key (or the filesystem) live in rules.ts.
 */

const words = z
  .union([z.string(), z.array(z.string())])
  .describe('A string (split shell-style) or an array of words.');
const names = z.array(z.string());
const archName = z.enum(['amd64', 'arm64', 'x86_64', 'aarch64']);

/**
 * Parts of the Python runtime a deployed application does not load, left out unless
 * python_keep names them: the virtualenv's seed setuptools (every build), and parts of a
 * compiled CPython.
 */
export const PYTHON_KEEP_GROUPS = ['setuptools', 'ensurepip', 'idlelib', 'turtledemo', 'tkinter', 'lib2to3', 'dev'] as const;
const hook = (when: string) => z.string().describe(`Maintainer script run ${when}: a path relative to the source root.`).optional();

/** Where the application comes from: exactly one of directory, git, git_directory. */
export const sourceSchema = z
  .strictObject({
    directory: z.string().describe('A directory on the host (relative to vdist.toml).').optional(),
    git_directory: z.string().describe('A git working copy on the host; `git archive BRANCH` of it is built.').optional(),
    git: z.string().describe('A git URL, cloned shallowly on the host.').optional(),
    branch: z.string().describe('Branch, tag or commit (git and git_directory only).').optional(),
  })
  .describe('{ directory = "." }, { git_directory = ".", branch = "main" } or { git = "https://host/repo.git", branch = "main" }');

/** The keys a [[build]] (and [defaults]) may hold. All optional here: "required" is checked after merging. */
export const buildShape = {
  name: z.string().describe('Display name; default `{app}-{version}-{profile}`.').optional(),
  app: z.string().describe('Package name.').optional(),
  version: z.string().describe('Package version.').optional(),
  source: sourceSchema.optional(),
  profile: z.string().describe('A built-in profile (vdist profiles list) or one from profiles_dir.').optional(),
  arch: z
    .union([archName, z.array(archName).min(1)])
    .describe('Target architecture (amd64 or arm64; default: the host\'s), or a list: one build per architecture. A foreign one runs under qemu-user emulation.')
    .optional(),
  build_deps: names.describe('Distribution packages installed in the build container only.').optional(),
  runtime_deps: names.describe('Distribution packages the package depends on.').optional(),
  fpm_args: words.describe('fpm arguments (the native packager understands the common ones).').optional(),
  pip_args: words.describe('Extra arguments for pip install, e.g. --index-url.').optional(),
  working_dir: z.string().describe('Directory inside the source that holds the app.').optional(),
  requirements_path: z.string().describe('Requirements file relative to working_dir (default requirements.txt).').optional(),
  lock_file: z
    .union([z.string(), z.literal(false)])
    .describe('The lock file pip installs from, hashes enforced: "auto" (default: poetry.lock, pdm.lock, uv.lock, Pipfile.lock, pylock.toml or a requirements file with --hash, in working_dir), a path relative to working_dir, or false.')
    .optional(),
  groups: names.describe('Dependency groups of the lock to install besides the main one (e.g. ["web"]).').optional(),
  extras: names.describe("Extras of the project to install from the lock (e.g. [\"postgres\"]).").optional(),
  allow_unhashed: z.boolean().describe('Install locked packages that have no hashes (unchecked) instead of failing (default false).').optional(),
  strict_lock: z.boolean().describe('A lock file that is stale against pyproject.toml (or Pipfile) fails the build instead of warning (default false).').optional(),
  compile_python: z.boolean().describe('Compile CPython into python_basedir (default true).').optional(),
  compile_python_version: z.string().describe('CPython version to compile, e.g. 3.12.8.').optional(),
  python_version: z.string().describe('Alias of compile_python_version.').optional(),
  python_basedir: z.string().describe('Where the Python interpreter lives (default {package_install_root}/{app}/python, or /usr).').optional(),
  package_install_root: z.string().describe('Parent of the install dir (default /opt).').optional(),
  custom_filename: z.string().describe('File name of the package instead of the conventional one.').optional(),
  before_install: hook('before install'),
  after_install: hook('after install'),
  before_remove: hook('before removal'),
  after_remove: hook('after removal'),
  before_upgrade: hook('before upgrade'),
  after_upgrade: hook('after upgrade'),
  packager: z.enum(['native', 'fpm']).describe('native (default) writes packages in vdist; fpm runs fpm in the container.').optional(),
  compression: z
    .string()
    .describe('Compression of the package data (native packager): gzip, xz or zstd with an optional level, e.g. "xz:1" or "zstd:10". Default: the profile\'s.')
    .optional(),
  auto_runtime_deps: z.boolean().describe('Add dependencies for the shared libraries the tree needs: packages with the minimum versions dpkg-shlibdeps computes (.deb), library capabilities as rpm generates them (.rpm). Default true.').optional(),
  smoke_command: z.string().describe('Run in a fresh container after installing the package (vdist build --smoke).').optional(),
  license: z.string().describe("The package's license as an SPDX expression (e.g. \"MIT OR Apache-2.0\"); default: the project's (pyproject.toml, setup.cfg, LICENSE/COPYING). Wins over fpm_args' --license.").optional(),
  long_description: z.string().describe("The package's extended description; default: the first paragraph of the project's README.").optional(),
  changelog: z.string().describe("The project's changelog file (relative to working_dir): its newest entry becomes the package's changelog entry.").optional(),
  bin_links: names
    .describe('Commands linked into /usr/bin, each to {install_dir}/bin/NAME. Default: the app\'s console scripts; [] links none.')
    .optional(),
  systemd_units: names.describe('systemd unit files in the source (relative to the source root), installed, enabled and started by the package.').optional(),
  config_files: z
    .record(z.string(), z.string())
    .describe('Configuration files: { "/etc/app/app.toml" = "deploy/app.toml" } (installed path = file in the source). Upgrades keep the admin\'s edits.')
    .optional(),
  python_mirror: z.string().describe('Base URL of CPython tarballs: {python_mirror}/{v}/Python-{v}.tgz.').optional(),
  python_sha256: z.string().describe('sha256 of the CPython tarball (overrides the built-in table).').optional(),
  python_keep: z
    .array(z.enum(PYTHON_KEEP_GROUPS))
    .describe('Parts of the Python runtime to keep in the package, which vdist leaves out by default: ' + PYTHON_KEEP_GROUPS.join(', ') + '.')
    .optional(),
};

export const buildTableSchema = z.strictObject(buildShape);

/** `[vdist]`: tool-level settings, overridden by command-line flags. */
export const vdistTableSchema = z.strictObject({
  profiles_dir: z.string().describe('Directory with profiles.json/profiles.toml and scripts (default buildprofiles).').optional(),
  backend: z.enum(['podman', 'buildah', 'docker']).describe('Container engine (default: the first that works).').optional(),
  output_dir: z.string().describe('Where packages and logs go (default dist).').optional(),
  jobs: z.number().int().min(1).describe('Builds run at once (default: number of cores).').optional(),
  network: z.string().describe('Network mode of build containers, e.g. host.').optional(),
  isolation: z.enum(['chroot', 'oci']).describe('buildah isolation (default chroot).').optional(),
  cache_max_age: z
    .string()
    .regex(/^\s*(0|\d+\s*[smhdw])\s*$/, 'expected an age such as "7d", "12h", "30m" or "0"')
    .describe('Provisioned images older than this are made again, so security updates reach the packages: "7d" (default), "12h", "0" = never reuse.')
    .optional(),
  timeout: z
    .string()
    .regex(/^\s*[1-9]\d*\s*[smhdw]\s*$/, 'expected a duration such as "90s", "30m" or "2h"')
    .describe('Longest one build may take; a build that takes longer is marked timeout and its container removed (default: no limit).')
    .optional(),
  signing_key: z
    .string()
    .min(1)
    .describe('Signs rpms and the repositories of vdist publish: a gpg key id or fingerprint on the host keyring, or the path of an armored secret key. The passphrase comes from VDIST_SIGNING_PASSPHRASE or gpg-agent.')
    .optional(),
  sign_debs: z.boolean().describe("Also sign each .deb with signing_key (debsigs' _gpgorigin member; default false: apt trusts the signed repository).").optional(),
});

export const configFileSchema = z
  .strictObject({
    vdist: vdistTableSchema.optional(),
    defaults: buildTableSchema.describe('Merged into every [[build]].').optional(),
    build: z.array(buildTableSchema).min(1).describe('One table per package to build.'),
  })
  .describe('vdist.toml: build native .deb/.rpm packages of a Python application.');

export type BuildTable = z.infer<typeof buildTableSchema>;
export type VdistTable = z.infer<typeof vdistTableSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;

export const BUILD_KEYS = Object.keys(buildShape);
export const VDIST_KEYS = Object.keys(vdistTableSchema.shape);
export const SOURCE_KEYS = Object.keys(sourceSchema.shape);
export const ROOT_KEYS = ['vdist', 'defaults', 'build'];

/** The JSON Schema of vdist.toml, for editors (e.g. taplo / Even Better TOML). */
export function vdistJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema),
    title: 'vdist.toml',
  };
}

import type {BuildSpec, PackageFormat} from '../types.js';

/**
 * What a build script template sees: every BuildSpec key (snake_case, as in
 * vdist.toml) plus derived values. Documented in the README for users who
 * write their own scripts. `{{name}}` renders as one shell-quoted word,
 * an array as space-separated quoted words.
 */
export interface TemplateContext extends Omit<BuildSpec, 'profile' | 'source' | 'compression' | 'bin_links' | 'config_files'> {
  profile: string;
  /** The package data's compression, e.g. `xz:0`. */
  compression: string;
  image: string;
  format: PackageFormat;
  family: 'debian' | 'rhel';
  /** `{package_install_root}/{app}`: the virtualenv, at its final path. */
  install_dir: string;
  /** The interpreter that creates the virtualenv: `{python_basedir}/bin/python3`. */
  python_bin: string;
  /** Where the source tree is inside the container. */
  src_dir: string;
  /** `{src_dir}/{working_dir}`: where pip install runs. */
  app_dir: string;
  /** `{app_dir}/{requirements_path}`. */
  requirements_file: string;
  /** Where in-container packagers write packages. */
  out_dir: string;
  /** The CPython source tarball URL: `{python_mirror}/{v}/Python-{v}.tgz`. */
  python_url: string;
  /** Expected sha256 of that tarball ('' when unknown: the script refuses to build then). */
  python_sha256: string;
  /** Directories that make up the package (install_dir, plus python_basedir when compiled). */
  package_paths: string[];
  /** The lock's hashed requirements file in the container ('' when the build has no lock). */
  lock_requirements: string;
  /** The lock's packages without hashes ('' unless allow_unhashed let some through). */
  lock_unhashed: string;
  /** The lock file the build installs from, e.g. `poetry.lock` ('' when none). */
  lock_source: string;
  /** The argv of the in-container packager, when packager = "fpm"; else empty. */
  fpm_command: string[];
  /** The commands to link into bin_dir; empty when bin_links_auto (the script finds the console scripts). */
  bin_links: string[];
  /** True when vdist.toml does not set bin_links: the app's console scripts are linked. */
  bin_links_auto: boolean;
  /** config_files flattened: installed path, source file, installed path, source file, ... */
  config_files: string[];
  /** `/usr/bin` and the systemd unit directory. */
  bin_dir: string;
  unit_dir: string;
  /** True when the package depends on the target's own python3 (compile_python = false, python_basedir /usr). */
  interpreter_dep: boolean;
  /** Where the script writes what it found for the packager (see CONTAINER_PATHS.deployFacts). */
  deploy_facts: string;
}

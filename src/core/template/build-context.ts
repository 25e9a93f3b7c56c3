import {posix} from 'node:path';
import {formatCompression} from '../archive/compress.js';
import {BIN_DIR, interpreterDepends, UNIT_DIR} from '../contract/deploy.js';
import {knownTarballSha256} from '../python/known-tarballs.js';
import type {BuildSpec} from '../types.js';
import {CONTAINER_PATHS, installDir, packagePaths} from '../contract/container-paths.js';
import type {TemplateContext} from './context.js';

/** Values only the later stages know, e.g. the fpm argv made by the fpm packager. */
export interface ContextExtras {
  fpm_command?: string[];
  /** The build's lock (src/core/lock): which file, and which requirement files were written next to the script. */
  lock?: {file: string; hashed: boolean; unhashed: boolean};
}

/**
 * What a build script template sees for one build: every BuildSpec key,
 * with `profile` and `source` flattened, plus the derived paths. Optional
 * keys are present as '' so strict templates can test them with {{#if}}.
 */
export function buildTemplateContext(spec: BuildSpec, extras: ContextExtras = {}): TemplateContext {
  const {profile, source: _source, ...keys} = spec;
  const appDir = spec.working_dir ? posix.join(CONTAINER_PATHS.src, spec.working_dir) : CONTAINER_PATHS.src;
  const v = spec.compile_python_version;
  return {
    ...keys,
    compression: formatCompression(spec.compression),
    custom_filename: spec.custom_filename ?? '',
    smoke_command: spec.smoke_command ?? '',
    before_install: spec.before_install ?? '',
    after_install: spec.after_install ?? '',
    before_remove: spec.before_remove ?? '',
    after_remove: spec.after_remove ?? '',
    before_upgrade: spec.before_upgrade ?? '',
    after_upgrade: spec.after_upgrade ?? '',
    profile: profile.name,
    image: profile.image,
    format: profile.format,
    family: profile.family,
    install_dir: installDir(spec),
    python_bin: posix.join(spec.python_basedir, 'bin/python3'),
    src_dir: CONTAINER_PATHS.src,
    app_dir: appDir,
    requirements_file: posix.join(appDir, spec.requirements_path),
    out_dir: CONTAINER_PATHS.out,
    python_url: `${spec.python_mirror}/${v}/Python-${v}.tgz`,
    python_sha256: spec.python_sha256 ?? knownTarballSha256(v) ?? '',
    package_paths: packagePaths(spec),
    fpm_command: extras.fpm_command ?? [],
    lock_requirements: extras.lock?.hashed ? CONTAINER_PATHS.lockHashed : '',
    lock_unhashed: extras.lock?.unhashed ? CONTAINER_PATHS.lockUnhashed : '',
    lock_source: extras.lock?.file ?? '',
    bin_links: spec.bin_links ?? [],
    bin_links_auto: spec.bin_links === undefined,
    config_files: Object.entries(spec.config_files).flat(),
    bin_dir: BIN_DIR,
    unit_dir: UNIT_DIR,
    interpreter_dep: interpreterDepends(spec, profile.format, '3.0').length > 0,
    deploy_facts: CONTAINER_PATHS.deployFacts,
  };
}

import {formatFacts} from '../formats/facts.js';
import {existsSync} from 'node:fs';
import {hostArch} from '../arch.js';
import {defaultBuildName, DEFAULT_PYTHON_MIRROR} from '../config/build-spec.js';
import {DEFAULT_PYTHON_VERSION} from '../python/known-tarballs.js';
import {buildTemplateContext} from './build-context.js';
import {renderTemplateFile} from './render.js';
import type {BuildSpec, Profile} from '../types.js';
import {imageReferenceProblem} from '../profiles/image-ref.js';

/** The result of checking one profile. */
export interface ProfileCheck {
  name: string;
  origin: string;
  ok: boolean;
  problems: string[];
}

/** A representative build for rendering a profile's script: every list filled, CPython compiled. */
export function sampleBuild(profile: Profile): BuildSpec {
  return {
    name: defaultBuildName('sample-app', '1.0.0', profile.name),
    app: 'sample-app',
    version: '1.0.0',
    source: {kind: 'directory', path: '/tmp/sample-app'},
    profile,
    arch: hostArch(),
    build_deps: ['gcc'],
    runtime_deps: ['libffi8'],
    fpm_args: ['--license', 'MIT'],
    pip_args: ['--index-url', 'https://pypi.example/simple/'],
    working_dir: '',
    requirements_path: 'requirements.txt',
    lock_file: 'auto',
    groups: [],
    extras: [],
    allow_unhashed: false,
    strict_lock: false,
    compile_python: true,
    compile_python_version: DEFAULT_PYTHON_VERSION,
    python_basedir: '/opt/sample-app/python',
    python_mirror: DEFAULT_PYTHON_MIRROR,
    python_keep: [],
    package_install_root: '/opt',
    packager: profile.packager ?? 'native',
    compression: profile.compression ?? formatFacts(profile.format).defaultCompression,
    auto_runtime_deps: true,
    bin_links: ['sample-app'],
    systemd_units: ['deploy/sample-app.service'],
    config_files: {'/etc/sample-app/config.toml': 'deploy/config.toml'},
    config_dir: '/tmp/sample-app',
  };
}

/** Checks a profile: its image reference parses, its script exists, and the script renders for a sample build. */
export function checkProfile(profile: Profile): ProfileCheck {
  const problems: string[] = [];
  const image = imageReferenceProblem(profile.image);
  if (image) problems.push(image);
  if (!existsSync(profile.script_path)) {
    problems.push(`script "${profile.script}" not found (looked for ${profile.script_path})`);
  } else {
    try {
      renderTemplateFile(profile.script_path, buildTemplateContext(sampleBuild(profile)));
    } catch (error) {
      problems.push((error as Error).message.replace(/^Invalid configuration:\n\s*/, ''));
    }
  }
  return {name: profile.name, origin: profile.origin, ok: problems.length === 0, problems};
}

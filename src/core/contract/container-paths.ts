import {posix} from 'node:path';
import type {BuildSpec} from '../types.js';

/** Fixed paths inside every build container. */
export const CONTAINER_PATHS = {
  /** The source tree is extracted here. */
  root: '/vdist',
  src: '/vdist/src',
  /** The rendered build script. */
  script: '/vdist/build.sh',
  /** The lock's hashed requirements (pip --require-hashes --no-deps), next to the script. */
  lockHashed: '/vdist/lock-requirements.txt',
  /** The lock's packages without hashes (allow_unhashed = true). */
  lockUnhashed: '/vdist/lock-unhashed.txt',
  /** Where in-container packagers (fpm) leave packages. */
  out: '/vdist/out',
  /** What the build found for the packager: `python_version=3.11`, `bin_links=a b` lines. */
  deployFacts: '/vdist/deploy-facts',
} as const;

/** `{package_install_root}/{app}`: where the virtualenv is made, at its final path. */
export function installDir(spec: Pick<BuildSpec, 'package_install_root' | 'app'>): string {
  return posix.join(spec.package_install_root, spec.app);
}

/** The directories that make up the package: the install dir, plus python_basedir when vdist compiles CPython outside it. */
export function packagePaths(spec: Pick<BuildSpec, 'package_install_root' | 'app' | 'compile_python' | 'python_basedir'>): string[] {
  const dir = installDir(spec);
  const pythonInside = spec.python_basedir === dir || spec.python_basedir.startsWith(`${dir}/`);
  return spec.compile_python && !pythonInside ? [dir, spec.python_basedir] : [dir];
}

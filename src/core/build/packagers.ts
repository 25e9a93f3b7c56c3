import {readFileSync} from 'node:fs';
import {isAbsolute, join} from 'node:path';
import {VdistError} from '../errors.js';
import {debPackager} from '../packagers/deb.js';
import {packageMetadata} from '../packagers/metadata.js';
import type {NativePackager, PackageMetadata, TreeFacts} from '../packagers/packager.js';
import type {BuildSpec, PackageFormat} from '../types.js';

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

/** PackageMetadata for a native package, with the dependencies already merged (runtime_deps first). */
export function packageMetadataFor(spec: BuildSpec, facts: TreeFacts, autoDepends: string[], sourceDateEpoch: number): PackageMetadata {
  return packageMetadata(spec, {sourceDateEpoch, autoDepends, architecture: facts.architecture, readScript: hookReader(spec)});
}

/** The native writer of a format. */
export function nativePackagerFor(format: PackageFormat): NativePackager {
  if (format === 'deb') return debPackager;
  throw new VdistError(`The native ${format} packager is not available in this build of vdist`, {code: 'PACKAGER', suggestions: ['Use packager = "fpm" for this build']});
}

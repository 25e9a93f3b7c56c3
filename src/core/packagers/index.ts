import {UsageError} from '../errors.js';
import {FORMATS} from '../formats/registry.js';
import type {PackageFormat, PackagerKind} from '../types.js';
import type {FpmPackager, NativePackager, Packager} from './packager.js';

export type {DataOptions, FpmPackager, NativePackager, Packager, PackageMetadata, TreeEntry, TreeFacts} from './packager.js';
export {streamPackage, type StreamedPackage, type TarSource} from './stream-package.js';
export {hostTreeSource} from '../tree/host-tree.js';
export {packageIntent, packageMetadata, DEFAULT_MAINTAINER, type PackageIntent} from '../metadata/metadata.js';
export {FPM_CHECK, shellWords} from '../formats/fpm/command.js';

// Native writers first, then fpm's, in the format registry's order.
const REGISTRY: Packager[] = [...Object.values(FORMATS).map((f) => f.native), ...Object.values(FORMATS).map((f) => f.fpm)];

/** The packager for a format and kind: `getPackager('deb', 'native')`. */
export function getPackager(format: PackageFormat, kind: 'native'): NativePackager;
export function getPackager(format: PackageFormat, kind: 'fpm'): FpmPackager;
export function getPackager(format: PackageFormat, kind: PackagerKind): NativePackager | FpmPackager;
export function getPackager(format: PackageFormat, kind: PackagerKind): NativePackager | FpmPackager {
  const found = REGISTRY.find((p) => p.format === format && p.kind === kind);
  if (!found) {
    throw new UsageError(`No ${kind} packager for format "${format}"; known: ${enumeratePackagers().join(', ')}`);
  }
  return found as NativePackager | FpmPackager;
}

/** Every `kind/format` pair, for help text and completion: `native/deb`, `native/rpm`, `fpm/deb`, `fpm/rpm`. */
export function enumeratePackagers(): string[] {
  return REGISTRY.map((p) => `${p.kind}/${p.format}`);
}

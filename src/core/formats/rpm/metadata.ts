import {parseDependency, rpmFlags, RPMSENSE} from '../../metadata/dependency.js';
import type {PackageMetadata} from '../../packagers/packager.js';

/** Debian architecture names to rpm's. */
const RPM_ARCH: Record<string, string> = {amd64: 'x86_64', arm64: 'aarch64', all: 'noarch', i386: 'i686', armhf: 'armv7hl', ppc64el: 'ppc64le', s390x: 's390x', riscv64: 'riscv64'};

export const rpmArch = (debArch: string) => RPM_ARCH[debArch] ?? debArch;
export const rpmRelease = (meta: PackageMetadata) => meta.iteration ?? '1';

/** `[epoch:]version-release`, as rpm compares it. */
export function rpmEvr(meta: PackageMetadata): string {
  return `${meta.epoch === undefined ? '' : `${meta.epoch}:`}${meta.version}-${rpmRelease(meta)}`;
}

export interface RpmRelations {
  names: string[];
  flags: number[];
  versions: string[];
}

/** Relations as rpm's three parallel arrays, from fpm-style `name (>= 1.0)` text. */
export function rpmRelations(list: readonly string[], extra: RpmRelations = {names: [], flags: [], versions: []}): RpmRelations {
  const out: RpmRelations = {names: [...extra.names], flags: [...extra.flags], versions: [...extra.versions]};
  for (const text of list) {
    const d = parseDependency(text);
    out.names.push(d.name);
    out.flags.push(rpmFlags(d));
    out.versions.push(d.version ?? '');
  }
  return out;
}

/** The `rpmlib()` features a package written by vdist relies on. */
export function rpmlibRequires(meta: PackageMetadata): RpmRelations {
  const features: [string, string][] = [
    ['rpmlib(CompressedFileNames)', '3.0.4-1'],
    ['rpmlib(FileDigests)', '4.6.0-1'],
    ['rpmlib(PayloadFilesHavePrefix)', '4.0-1'],
  ];
  if (meta.compression.algorithm === 'xz') features.push(['rpmlib(PayloadIsXz)', '5.2-1']);
  if (meta.compression.algorithm === 'zstd') features.push(['rpmlib(PayloadIsZstd)', '5.4.18-1']);
  const flags = RPMSENSE.RPMLIB | RPMSENSE.LESS | RPMSENSE.EQUAL;
  return {names: features.map((f) => f[0]), flags: features.map(() => flags), versions: features.map((f) => f[1])};
}

/** Requires on /bin/sh for each scriptlet present, flagged the way rpmbuild does. */
export function interpreterRequires(present: {prein?: string; postin?: string; preun?: string; postun?: string}): RpmRelations {
  const kinds: [keyof typeof present, number][] = [
    ['prein', RPMSENSE.SCRIPT_PRE],
    ['postin', RPMSENSE.SCRIPT_POST],
    ['preun', RPMSENSE.SCRIPT_PREUN],
    ['postun', RPMSENSE.SCRIPT_POSTUN],
  ];
  const used = kinds.filter(([k]) => present[k] !== undefined);
  return {names: used.map(() => '/bin/sh'), flags: used.map(([, f]) => RPMSENSE.INTERP | f), versions: used.map(() => '')};
}

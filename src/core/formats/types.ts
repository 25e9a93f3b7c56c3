import type {Compression, PackageFormat, ProfileFamily} from '../types.js';

/**
 * What config, templates, metadata and publishing need to know about a
 * package format, without its writer. Each format's folder gives one; a
 * format missing here, or a field missing in one, is a compile error.
 */
export interface FormatFacts {
  name: PackageFormat;
  /**
   * The data compression of a build or `vdist package` that names none: xz at
   * its fastest level for both, which every dpkg and rpm reads and lintian
   * knows, and which is smaller than gzip -9 at a fraction of its time
   * (`node bench/codecs.bench.mjs`; bench/RESULTS.md, row "codec alone").
   */
  defaultCompression: Compression;
  /** The distribution family a profile of this format belongs to unless it says otherwise. */
  family: ProfileFamily;
  /** The prefix of the fpm flags that concern only this format (`--deb-compression`, `--rpm-systemd`). */
  fpmPrefix: 'deb' | 'rpm';
  /** The dependency on the target's own python3 of this minor version (`version` is `3.minor`). */
  interpreterRequires(version: string, minor: number): string[];
  /** The format's architecture name in Debian's spelling. */
  debianArch(arch: string): string;
}

import type {FormatFacts} from '../types.js';

/** rpm's architecture names in Debian's spelling, so one `--arch` list serves both repositories. */
const DEB_ARCH: Record<string, string> = {x86_64: 'amd64', aarch64: 'arm64', noarch: 'all', i686: 'i386', ppc64le: 'ppc64el', s390x: 's390x'};

/** What the rest of vdist knows about rpm without its writer. */
export const rpmFacts: FormatFacts = {
  name: 'rpm',
  defaultCompression: {algorithm: 'xz', level: 0},
  family: 'rhel',
  fpmPrefix: 'rpm',
  // What rpm's own Python dependency generator writes.
  interpreterRequires: (version) => [`python(abi) = ${version}`],
  debianArch: (arch) => DEB_ARCH[arch] ?? arch,
};

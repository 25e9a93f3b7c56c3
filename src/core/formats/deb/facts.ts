import type {FormatFacts} from '../types.js';

/** What the rest of vdist knows about .deb without its writer. */
export const debFacts: FormatFacts = {
  name: 'deb',
  defaultCompression: {algorithm: 'xz', level: 0},
  family: 'debian',
  fpmPrefix: 'deb',
  // dh-virtualenv's packages carry the same pair: the minor version is pinned.
  interpreterRequires: (version, minor) => [`python3 (>= ${version})`, `python3 (<< 3.${minor + 1})`],
  debianArch: (arch) => arch,
};

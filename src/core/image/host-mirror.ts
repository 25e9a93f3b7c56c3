import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

/** One APT source of the host: a mirror URI and its suites. */
export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
}

/** The host's distribution ID from os-release (`debian`, `ubuntu`, ...). */
export function hostDistribution(osRelease = '/etc/os-release'): string | undefined {
  try {
    return /^ID=("?)([^"\n]+)\1$/m.exec(readFileSync(osRelease, 'utf8'))?.[2];
  } catch {
    return undefined;
  }
}

/** Parse deb822 `.sources` text: `Types: deb` stanzas only. */
export function parseDeb822(text: string): AptSource[] {
  return text
    .split(/\n\s*\n/)
    .map((stanza) => {
      const field = (name: string) =>
        new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(stanza.replaceAll(/^#.*$/gm, ''))?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
      return {types: field('Types'), uri: field('URIs')[0], suites: field('Suites'), components: field('Components')};
    })
    .filter((s) => s.types.includes('deb') && s.uri)
    .map(({uri, suites, components}) => ({uri: uri!, suites, components}));
}

/** Parse one-line `sources.list` text (`deb [opts] URI suite comp...`). */
export function parseSourcesList(text: string): AptSource[] {
  return text.split('\n').flatMap((line) => {
    const words = line.replace(/#.*/, '').replace(/\[[^\]]*\]/, '').trim().split(/\s+/);
    if (words[0] !== 'deb' || words.length < 3) return [];
    return [{uri: words[1]!, suites: [words[2]!], components: words.slice(3)}];
  });
}

/** Every `deb` source the host's APT uses, from /etc/apt/sources.list and sources.list.d. */
export function hostAptSources(aptDir = '/etc/apt'): AptSource[] {
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return '';
    }
  };
  const dir = join(aptDir, 'sources.list.d');
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    files = [];
  }
  return [
    ...parseSourcesList(read(join(aptDir, 'sources.list'))),
    ...files.filter((f) => f.endsWith('.sources')).flatMap((f) => parseDeb822(read(join(dir, f)))),
    ...files.filter((f) => f.endsWith('.list')).flatMap((f) => parseSourcesList(read(join(dir, f)))),
  ];
}

/**
 * The mirror to debootstrap from: the host's own main archive when it runs the
 * same distribution (a source whose suites are plain release names, not
 * `-security`/`-updates`). Undefined when none fits.
 */
export function hostMirrorFor(distribution: string, sources: AptSource[], hostDistro: string | undefined): string | undefined {
  if (hostDistro !== distribution) return undefined;
  return sources.find((s) => s.suites.some((suite) => /^[a-z]+$/.test(suite)))?.uri;
}

import {createHash} from 'node:crypto';
import type {DebControl} from '../formats/deb/reader.js';

/** One .deb in the pool, with what Packages says of its file. */
export interface PoolDeb {
  control: DebControl;
  /** Path relative to the archive root, e.g. pool/main/h/hello/hello_1.0_amd64.deb. */
  filename: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
}

/** Where a package goes in the pool: pool/{component}/{lib?x|x}/{name}/{file}, as Debian lays it out. */
export function poolPath(component: string, pkg: string, file: string): string {
  const letter = pkg.startsWith('lib') && pkg.length > 3 ? pkg.slice(0, 4) : pkg[0]!;
  return `pool/${component}/${letter}/${pkg}/${file}`;
}

/** One Packages stanza: the control fields, then the file's name, size and hashes. */
export function packagesStanza(d: PoolDeb): string {
  const lines = d.control.fields.map(([k, v]) => `${k}: ${v}`);
  lines.push(`Filename: ${d.filename}`, `Size: ${d.size}`, `MD5sum: ${d.md5}`, `SHA1: ${d.sha1}`, `SHA256: ${d.sha256}`);
  return `${lines.join('\n')}\n`;
}

/** A Packages file: stanzas separated by blank lines, in the order given. */
export function packagesFile(debs: readonly PoolDeb[]): string {
  return debs.map(packagesStanza).join('\n');
}

/** A file the Release lists, relative to dists/{suite}/. */
export interface IndexFile {
  path: string;
  data: Buffer;
}

export interface ReleaseFields {
  origin: string;
  label: string;
  suite: string;
  codename: string;
  architectures: readonly string[];
  components: readonly string[];
  description: string;
  date: Date;
}

/** RFC 2822 in UTC, as apt wants Release's Date. */
export function releaseDate(d: Date): string {
  return d.toUTCString().replace('GMT', 'UTC');
}

/** The Release file: the suite's description and the MD5Sum/SHA1/SHA256 of every index apt may fetch. */
export function releaseFile(f: ReleaseFields, files: readonly IndexFile[]): string {
  const width = Math.max(...files.map((x) => String(x.data.length).length));
  const list = (algo: string) => files.map((x) => ` ${createHash(algo).update(x.data).digest('hex')} ${String(x.data.length).padStart(width)} ${x.path}`);
  return [
    `Origin: ${f.origin}`,
    `Label: ${f.label}`,
    `Suite: ${f.suite}`,
    `Codename: ${f.codename}`,
    `Date: ${releaseDate(f.date)}`,
    `Architectures: ${f.architectures.join(' ')}`,
    `Components: ${f.components.join(' ')}`,
    `Description: ${f.description}`,
    'MD5Sum:',
    ...list('md5'),
    'SHA1:',
    ...list('sha1'),
    'SHA256:',
    ...list('sha256'),
    '',
  ].join('\n');
}

/** A deb822 `.sources` entry for hosts, trusting only the exported key. */
export function sourcesSnippet(url: string, suite: string, component: string, keyring: string): string {
  return [`Types: deb`, `URIs: ${url}`, `Suites: ${suite}`, `Components: ${component}`, `Signed-By: ${keyring}`, ''].join('\n');
}

import type {RpmInfo, RpmRelation} from '../formats/rpm/reader.js';

/** One rpm in the repository, with its file's checksum and location. */
export interface RepoRpm {
  info: RpmInfo;
  /** Relative to the repository root, e.g. packages/hello-1.0-1.x86_64.rpm. */
  href: string;
  size: number;
  mtime: number;
  sha256: string;
}

const NS_COMMON = 'http://linux.duke.edu/metadata/common';
const NS_RPM = 'http://linux.duke.edu/metadata/rpm';

/** XML text or attribute value: escaped, and without the control characters XML 1.0 forbids. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function version(i: RpmInfo): string {
  return `<version epoch="${i.epoch}" ver="${xml(i.version)}" rel="${xml(i.release)}"/>`;
}

const SENSE: Record<number, string> = {2: 'LT', 4: 'GT', 8: 'EQ', 10: 'LE', 12: 'GE'};
/** RPMSENSE_PREREQ, SCRIPT_PRE, SCRIPT_POST: a requirement that must hold before the scriptlets run. */
const PRE_BITS = (1 << 6) | (1 << 9) | (1 << 10);

/** An rpm:entry: name, and flags/epoch/ver/rel when versioned ("E:V-R"). */
export function relationEntry(r: RpmRelation, withPre = false): string {
  let out = `<rpm:entry name="${xml(r.name)}"`;
  const sense = SENSE[r.flags & 0x0e];
  if (sense && r.version) {
    const m = /^(?:(\d+):)?([^-]*)(?:-(.*))?$/.exec(r.version)!;
    out += ` flags="${sense}" epoch="${m[1] ?? '0'}" ver="${xml(m[2] ?? '')}"`;
    if (m[3] !== undefined) out += ` rel="${xml(m[3])}"`;
  }
  if (withPre && r.flags & PRE_BITS) out += ' pre="1"';
  return `${out}/>`;
}

function relations(tag: string, list: readonly RpmRelation[], withPre = false): string[] {
  const kept = list.filter((r) => !r.name.startsWith('rpmlib('));
  return kept.length === 0 ? [] : [`      <rpm:${tag}>`, ...kept.map((r) => `        ${relationEntry(r, withPre)}`), `      </rpm:${tag}>`];
}

/** The files primary.xml lists (the ones dependency solving may ask for), as createrepo picks them. */
function primaryFile(path: string): boolean {
  return path.startsWith('/etc/') || /\/s?bin\//.test(path) || path === '/usr/lib/sendmail';
}

function fileLine(f: {path: string; dir: boolean}): string {
  return f.dir ? `<file type="dir">${xml(f.path)}</file>` : `<file>${xml(f.path)}</file>`;
}

/** primary.xml: names, versions, checksums, locations, relations. */
export function primaryXml(rpms: readonly RepoRpm[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<metadata xmlns="${NS_COMMON}" xmlns:rpm="${NS_RPM}" packages="${rpms.length}">`];
  for (const r of rpms) {
    const i = r.info;
    out.push(
      '<package type="rpm">',
      `  <name>${xml(i.name)}</name>`,
      `  <arch>${xml(i.arch)}</arch>`,
      `  ${version(i)}`,
      `  <checksum type="sha256" pkgid="YES">${r.sha256}</checksum>`,
      `  <summary>${xml(i.summary)}</summary>`,
      `  <description>${xml(i.description)}</description>`,
      `  <packager>${xml(i.packager)}</packager>`,
      `  <url>${xml(i.url)}</url>`,
      `  <time file="${r.mtime}" build="${i.buildtime}"/>`,
      `  <size package="${r.size}" installed="${i.installedSize}" archive="${i.archiveSize}"/>`,
      `  <location href="${xml(r.href)}"/>`,
      '  <format>',
      `      <rpm:license>${xml(i.license)}</rpm:license>`,
      `      <rpm:vendor>${xml(i.vendor)}</rpm:vendor>`,
      `      <rpm:group>${xml(i.group)}</rpm:group>`,
      `      <rpm:buildhost>${xml(i.buildhost)}</rpm:buildhost>`,
      `      <rpm:sourcerpm>${xml(i.sourcerpm)}</rpm:sourcerpm>`,
      `      <rpm:header-range start="${i.headerStart}" end="${i.headerEnd}"/>`,
      ...relations('provides', i.provides),
      ...relations('requires', i.requires, true),
      ...relations('conflicts', i.conflicts),
      ...relations('obsoletes', i.obsoletes),
      ...i.files.filter((f) => primaryFile(f.path)).map((f) => `      ${fileLine(f)}`),
      '  </format>',
      '</package>',
    );
  }
  out.push('</metadata>', '');
  return out.join('\n');
}

/** filelists.xml: every file of every package. */
export function filelistsXml(rpms: readonly RepoRpm[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<filelists xmlns="http://linux.duke.edu/metadata/filelists" packages="${rpms.length}">`];
  for (const r of rpms) {
    out.push(`<package pkgid="${r.sha256}" name="${xml(r.info.name)}" arch="${xml(r.info.arch)}">`, `  ${version(r.info)}`);
    out.push(...r.info.files.map((f) => `  ${fileLine(f)}`), '</package>');
  }
  out.push('</filelists>', '');
  return out.join('\n');
}

/** other.xml: the changelogs. */
export function otherXml(rpms: readonly RepoRpm[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<otherdata xmlns="http://linux.duke.edu/metadata/other" packages="${rpms.length}">`];
  for (const r of rpms) {
    out.push(`<package pkgid="${r.sha256}" name="${xml(r.info.name)}" arch="${xml(r.info.arch)}">`, `  ${version(r.info)}`);
    out.push(...r.info.changelog.map((c) => `  <changelog author="${xml(c.author)}" date="${c.date}">${xml(c.text)}</changelog>`), '</package>');
  }
  out.push('</otherdata>', '');
  return out.join('\n');
}

/** One repomd.xml <data> record. */
export interface RepomdData {
  type: string;
  href: string;
  sha256: string;
  size: number;
  openSha256: string;
  openSize: number;
}

/** repomd.xml: where each metadata file is, with its checksums; `revision` and timestamps are the publish time. */
export function repomdXml(data: readonly RepomdData[], time: number): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="${NS_RPM}">`, `  <revision>${time}</revision>`];
  for (const d of data) {
    out.push(
      `  <data type="${d.type}">`,
      `    <checksum type="sha256">${d.sha256}</checksum>`,
      `    <open-checksum type="sha256">${d.openSha256}</open-checksum>`,
      `    <location href="${xml(d.href)}"/>`,
      `    <timestamp>${time}</timestamp>`,
      `    <size>${d.size}</size>`,
      `    <open-size>${d.openSize}</open-size>`,
      '  </data>',
    );
  }
  out.push('</repomd>', '');
  return out.join('\n');
}

/** A dnf/yum `.repo` entry for hosts: packages and metadata both checked against the exported key. */
export function repoSnippet(id: string, url: string, keyUrl: string): string {
  return [`[${id}]`, `name=${id}`, `baseurl=${url}`, 'enabled=1', 'gpgcheck=1', 'repo_gpgcheck=1', `gpgkey=${keyUrl}`, ''].join('\n');
}

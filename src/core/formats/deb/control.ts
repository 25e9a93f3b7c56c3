import {parseDependency, debRelation} from '../../metadata/dependency.js';
import type {PackageMetadata} from '../../packagers/packager.js';

/** `[epoch:]upstream[-revision]`, as dpkg spells a version. */
export function debVersion(meta: PackageMetadata): string {
  const epoch = meta.epoch === undefined ? '' : `${meta.epoch}:`;
  return `${epoch}${meta.version}${meta.iteration === undefined ? '' : `-${meta.iteration}`}`;
}

/**
 * Description as Debian policy 5.6.13 wants it: the synopsis on the field
 * line, then the extended text with each line indented by one space and
 * blank lines written as ` .`.
 */
export function foldDescription(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const synopsis = lines[0]!.trim() || 'no description given';
  const rest = lines.slice(1);
  while (rest.length > 0 && rest[0]!.trim() === '') rest.shift();
  return [synopsis, ...rest.map((l) => (l.trim() === '' ? ' .' : ` ${l.replace(/\s+$/, '')}`))].join('\n');
}

/** The `control` file of a .deb: fields in dpkg's usual order, empty ones left out. */
export function debControl(meta: PackageMetadata, installedSizeKiB: number): string {
  const relations = (list: string[]) => (list.length === 0 ? undefined : list.map((d) => debRelation(parseDependency(d))).join(', '));
  const fields: [string, string | undefined][] = [
    ['Package', meta.name],
    ['Version', debVersion(meta)],
    ['Architecture', meta.architecture],
    ['Maintainer', meta.maintainer],
    ['Installed-Size', String(installedSizeKiB)],
    ['Depends', relations(meta.depends)],
    ['Conflicts', relations(meta.conflicts)],
    ['Provides', relations(meta.provides)],
    ['Replaces', relations(meta.replaces)],
    ['Section', meta.category ?? 'misc'],
    ['Priority', 'optional'],
    ['Homepage', meta.url],
    ['Description', foldDescription(meta.description)],
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
}

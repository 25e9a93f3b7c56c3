import {compareDebVersions, compareRpmEvr} from './versions.js';
import type {InputPackage} from './inputs.js';

/** The packages `--keep N` removes: all but the N newest versions of each name and architecture, per format. */
export function pruneOld(packages: readonly InputPackage[], keep: number): InputPackage[] {
  const groups = new Map<string, InputPackage[]>();
  for (const p of packages) {
    const key = `${p.format}\0${p.name}\0${p.arch}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const removed: InputPackage[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => -compareVersions(a, b));
    removed.push(...members.slice(keep));
  }
  return removed;
}

function compareVersions(a: InputPackage, b: InputPackage): number {
  if (a.format === 'deb' && b.format === 'deb') return compareDebVersions(a.control.get('Version')!, b.control.get('Version')!);
  if (a.format === 'rpm' && b.format === 'rpm') return compareRpmEvr(a.info, b.info);
  return 0;
}

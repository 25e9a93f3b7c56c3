import type {Profile} from '../types.js';

/** Rows laid out in columns separated by two spaces. */
export function renderColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** A profile as `vdist profiles show` prints it: one `key: value` per line. */
export function renderProfile(p: Profile): string {
  const rows: Array<[string, string]> = [
    ['name', p.name],
    ['image', p.image],
    ['format', p.format],
    ['family', p.family],
    ['packager', p.packager ?? 'native (default)'],
    ['script', p.script],
    ['template', p.script_path],
    ['origin', p.origin],
  ];
  if (p.bootstrap) rows.push(['bootstrap', `${p.bootstrap.distribution} ${p.bootstrap.suite}${p.bootstrap.components ? ` (${p.bootstrap.components.join(', ')})` : ''}`]);
  return rows.map(([k, v]) => `${`${k}:`.padEnd(11)}${v}`).join('\n');
}

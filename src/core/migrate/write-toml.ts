import type {ConvertedBuild} from './convert.js';
import type {Entry, TomlValue} from './types.js';

/** What goes into the imported vdist.toml besides the builds. */
export interface ImportedFile {
  from: string;
  kind: 'ini' | 'script';
  vdist: Entry[];
  builds: ConvertedBuild[];
  dropped: string[];
}

const tomlString = (s: string) => JSON.stringify(s);

function tomlValue(v: TomlValue): string {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlString).join(', ')}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${k} = ${tomlString(x)}`).join(', ')} }`;
}

const same = (a: Entry, b: Entry) => a.key === b.key && tomlValue(a.value) === tomlValue(b.value);

function entryLines(entries: Entry[]): string[] {
  return entries.map((e) => {
    const line = `${e.key} = ${tomlValue(e.value)}`;
    return e.comment ? `${line.padEnd(40)} # ${e.comment}` : line;
  });
}

const noteLines = (notes: string[]) => notes.map((n) => `# ${n}`);

/**
 * Writes the imported vdist.toml: [vdist], then the keys and notes every
 * build shares in [defaults] (when there are several builds), then one
 * [[build]] each, and the list of what could not be carried over.
 */
export function writeImportedToml(file: ImportedFile): string {
  const builds = file.builds;
  const shared = builds.length > 1 ? builds[0]!.entries.filter((e) => builds.every((b) => b.entries.some((x) => same(x, e)))) : [];
  const sharedNotes = builds.length > 1 ? builds[0]!.notes.filter((n) => builds.every((b) => b.notes.includes(n))) : [];
  const what = file.kind === 'ini' ? 'the INI file of the original vdist\'s `vdist batch`' : 'the original vdist\'s package.py';
  const out = [
    `# vdist.toml: imported by \`vdist init --from ${file.from}\` from ${what}.`,
    '# A comment on a key says where its meaning changed; the end of the file lists what could not be carried over.',
    '# Check it with: vdist build --dry-run     The differences: docs/coming-from-vdist.md',
    '',
  ];
  if (file.vdist.length > 0) out.push('[vdist]', ...entryLines(file.vdist), '');
  if (shared.length > 0 || sharedNotes.length > 0) out.push('# Shared by every [[build]] below.', '[defaults]', ...entryLines(shared), ...noteLines(sharedNotes), '');
  for (const b of builds) {
    const entries = b.entries.filter((e) => !shared.some((s) => same(s, e)));
    const name: Entry[] = b.name ? [{key: 'name', value: b.name}] : [];
    out.push('[[build]]', ...entryLines([...name, ...entries]), ...noteLines(b.notes.filter((n) => !sharedNotes.includes(n))), '');
  }
  if (file.dropped.length > 0) {
    out.push('# Not carried over:', ...file.dropped.map((d) => `#   - ${d}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

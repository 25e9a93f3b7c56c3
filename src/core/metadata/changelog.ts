import {gzipSync} from 'node:zlib';
import {stripInline, wrapWords} from './description.js';

/**
 * The one changelog entry a package carries: Debian's changelog.Debian.gz
 * and rpm's %changelog, dated SOURCE_DATE_EPOCH so that the package stays
 * reproducible. Its items are the newest entry of the project's own
 * changelog (the `changelog` key), else one line saying vdist packaged it.
 */
export interface ChangelogEntry {
  /** `Name <email>`. */
  author: string;
  /** Seconds since the epoch. */
  time: number;
  /** The changes, one paragraph each, without bullets. */
  items: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date in UTC, as dpkg's changelog trailer wants it: `Tue, 14 Nov 2023 22:13:20 +0000`. */
export function changelogDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} +0000`;
}

/** The Debian changelog of one entry for `app` at `version` (dpkg's spelling, with epoch and revision). */
export function debChangelog(app: string, version: string, entry: ChangelogEntry): string {
  const items = entry.items.map((item) => {
    const [first, ...rest] = wrapWords(item, 76);
    return [`  * ${first}`, ...rest.map((l) => `    ${l}`)].join('\n');
  });
  return `${app} (${version}) unstable; urgency=medium\n\n${items.join('\n')}\n\n -- ${entry.author}  ${changelogDate(entry.time)}\n`;
}

/**
 * gzip -9n: no file name, no time stamp, and the OS byte fixed to Unix, so
 * the bytes depend on the content alone (the changelog, deb's control.tar) (lintian wants maximum compression).
 */
export function gzipReproducible(content: string | Buffer): Buffer {
  const gz = gzipSync(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, {level: 9});
  gz.writeUInt32LE(0, 4);
  gz[9] = 3;
  return gz;
}

/** rpm's %changelog text of the entry: `- item` lines, continuation indented. */
export function rpmChangelogText(entry: ChangelogEntry): string {
  return entry.items
    .map((item) => {
      const [first, ...rest] = wrapWords(item, 76);
      return [`- ${first}`, ...rest.map((l) => `  ${l}`)].join('\n');
    })
    .join('\n');
}

const UNRELEASED = /\b(unreleased|upcoming|next release|in progress)\b/i;
const VERSIONISH = /\d+\.\d+|\bv?\d+\b/;

/**
 * The items of the newest released entry of a project's changelog:
 * Markdown (`## [1.2.0] - 2024-05-01`, Keep a Changelog's `### Added`
 * groups become prefixes), reStructuredText (underlined titles) or plain
 * text (the first block). An `Unreleased` section is passed over. Empty
 * when nothing is found.
 */
export function newestChangelogItems(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const headings = findHeadings(lines);
  const entry = headings.find((h) => h.level > 0 && VERSIONISH.test(h.title) && !UNRELEASED.test(h.title));
  let body: string[];
  if (entry) {
    const end = headings.find((h) => h.line > entry.line && h.level <= entry.level && h.kind === entry.kind);
    body = lines.slice(entry.next, end ? end.line : lines.length);
  } else {
    const start = lines.findIndex((l) => l.trim() !== '');
    body = start < 0 ? [] : lines.slice(start + 1);
  }
  return items(body);
}

interface Heading {
  line: number;
  /** The first line of the section's body. */
  next: number;
  level: number;
  kind: 'md' | 'rst';
  title: string;
}

function findHeadings(lines: string[]): Heading[] {
  const out: Heading[] = [];
  const rstLevels: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const md = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]!);
    if (md) {
      // A level-1 heading is the document's title.
      out.push({line: i, next: i + 1, level: md[1]!.length === 1 ? 0 : md[1]!.length, kind: 'md', title: md[2]!});
      continue;
    }
    const under = /^([=\-~^"'`#*+])\1{2,}\s*$/.exec(lines[i + 1] ?? '');
    if (under && lines[i]!.trim() !== '' && !/^\s/.test(lines[i]!)) {
      const mark = under[1]!;
      if (!rstLevels.includes(mark)) rstLevels.push(mark);
      const title = lines[i]!.trim();
      const level = rstLevels.indexOf(mark) + 1;
      // A first title without a version ("Changelog") is the document's title.
      out.push({line: i, next: i + 2, level: out.length === 0 && !VERSIONISH.test(title) ? 0 : level, kind: 'rst', title});
      i++;
    }
  }
  return out;
}

/** Bullets and paragraphs of a section as items; sub-headings (`### Fixed`) prefix the items under them. */
function items(body: string[]): string[] {
  const out: string[] = [];
  let prefix = '';
  let current: string[] = [];
  const flush = () => {
    const text = stripInline(current.join(' '));
    if (text !== '') out.push(prefix ? `${prefix}: ${text}` : text);
    current = [];
  };
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const md = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    const rst = /^([=\-~^"'`#*+])\1{2,}\s*$/.test(body[i + 1] ?? '') && line.trim() !== '';
    if (md || rst) {
      flush();
      prefix = stripInline(md ? md[1]! : line.trim());
      if (rst) i++;
      continue;
    }
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      current.push(bullet[1]!);
    } else if (line.trim() === '') {
      flush();
    } else {
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

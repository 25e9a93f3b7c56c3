/**
 * A package's description from what the project says about itself: the
 * synopsis (one line) and the extended text (the README's first paragraph,
 * markup stripped), wrapped for Debian policy 5.6.13 and rpm's %description.
 */

/** Greedy word wrap: rpmlint flags description lines over 79 columns, lintian over 80. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Paragraphs wrapped at 72 columns, a blank line between them (foldDescription writes it as ` .`). */
export function wrapParagraphs(paragraphs: readonly string[]): string {
  return paragraphs
    .map((p) => wrapWords(p, 72))
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.map((l) => (l === '.' ? '\\.' : l)).join('\n'))
    .join('\n\n');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The synopsis as lintian and rpmlint want it: one line, no trailing full
 * stop, not starting with the package's name (`myapp - does X` and
 * `myapp is a tool that` lose that part).
 */
export function synopsis(text: string, app: string): string {
  let line = text.replace(/\s+/g, ' ').trim();
  const name = new RegExp(`^${escapeRe(app)}(?![\\w-])\\s*(?:(?:[-:–—,]|is|are)\\s+)?(?:(?:an?|the)\\s+)?`, 'i');
  const stripped = line.replace(name, '');
  if (stripped !== line && stripped !== '') line = stripped.charAt(0).toUpperCase() + stripped.slice(1);
  line = line.replace(/(?<!\.)\.$/, '');
  return line;
}

/** Inline markup of Markdown and reStructuredText reduced to its text. */
export function stripInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // [text](url)
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/`([^`<]+?)\s*<[^>]+>`__?/g, '$1') // `text <url>`_
    .replace(/:[a-z:]+:`([^`]+)`/g, '$1') // :role:`x`
    .replace(/``([^`]+)``/g, '$1')
    .replace(/`([^`]+)`_{0,2}/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '') // HTML tags
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[\s(])[*_](?=\S)(.+?)(?<=\S)[*_](?=$|[\s).,;:!?])/g, '$1$2')
    .replace(/\|[^|\s][^|]*\|_{0,2}/g, '') // rst substitutions (badges)
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first paragraph of prose of a README (Markdown, reStructuredText or
 * plain text): headings, badges, images, HTML blocks, directives, code,
 * lists, tables and quotes are passed over; undefined when it has none. A
 * paragraph that is only the project's name (a title) does not count.
 */
export function readmeParagraph(text: string, app: string): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let fence: string | undefined;
  let inDirective = false;
  let inHtml = false;
  let para: string[] = [];
  const done = (): string | undefined => {
    const joined = stripInline(para.join(' ')).replace(/::$/, ':');
    para = [];
    if (joined === '' || !/[A-Za-z]{2}/.test(joined)) return undefined;
    if (joined.toLowerCase().replace(/[^a-z0-9]/g, '') === app.toLowerCase().replace(/[^a-z0-9]/g, '')) return undefined;
    return joined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? '';
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence) {
      if (fenceMark === fence) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    if (inDirective) {
      if (line.trim() === '' || /^\s/.test(line)) continue;
      inDirective = false;
    }
    if (inHtml) {
      if (line.trim() === '') inHtml = false;
      continue;
    }
    const blank = line.trim() === '';
    const skip =
      /^\s*#/.test(line) || // Markdown heading
      /^\s*([=\-~^"'`#*+_:.])\1{2,}\s*$/.test(line) || // rst adornment, setext underline, rule
      (para.length === 0 && /^\s*([=\-~^"'`#*+_:.])\1{2,}\s*$/.test(next)) || // an rst or setext title
      /^\s*\.\.\s/.test(line) || // rst directive or comment
      /^\s*(?:[-*+]|\d+[.)])\s/.test(line) || // list item
      /^\s*[|>]/.test(line) || // table, quote
      /^( {4}|\t)/.test(line) || // indented code
      /^\s*\[?!\[/.test(line); // badge or image line
    if (/^\s*\.\.\s/.test(line)) inDirective = true;
    if (para.length === 0 && /^\s*<[A-Za-z!]/.test(line)) {
      inHtml = true;
      continue;
    }
    if (blank || skip) {
      if (para.length > 0) {
        const found = done();
        if (found) return found;
      }
      continue;
    }
    para.push(line.trim());
  }
  return para.length > 0 ? done() : undefined;
}

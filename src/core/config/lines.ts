/** A path into the parsed TOML document, e.g. ['build', 1, 'compile_python']. */
export type KeyPath = ReadonlyArray<string | number>;

/** `build[1].compile_python`: how a key path is shown to users. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

const HEADER = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;
const KEY = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/;

const unquote = (k: string) => k.trim().replace(/^["']|["']$/g, '');

/**
 * Finds the line of a key in TOML source. js-toml gives no positions, so the
 * source is scanned for table headers ([vdist], [defaults], each [[build]])
 * and `key =` lines. Good enough for vdist.toml's flat layout; keys inside
 * inline tables and arrays map to the line of their parent key.
 */
export class LineIndex {
  private readonly lines = new Map<string, number>();

  constructor(source: string) {
    const counters = new Map<string, number>();
    let section: Array<string | number> = [];
    let inMultiline: string | undefined;
    source.split(/\r?\n/).forEach((text, i) => {
      const lineNo = i + 1;
      if (inMultiline) {
        if (text.includes(inMultiline)) inMultiline = undefined;
        return;
      }
      const header = HEADER.exec(text);
      if (header) {
        const names = header[2]!.split('.').map(unquote);
        section = this.sectionPath(names, header[1] === '[[', counters);
        this.remember(section, lineNo);
        return;
      }
      const key = KEY.exec(text);
      if (key) {
        this.remember([...section, ...key[1]!.split('.').map(unquote)], lineNo);
        const rest = text.slice(key[0].length);
        const triple = /("""|''')/.exec(rest);
        if (triple && rest.split(triple[1]!).length === 2) inMultiline = triple[1];
      }
    });
  }

  /** The line of `path`, or of its nearest ancestor that has one. */
  line(path: KeyPath): number | undefined {
    for (let n = path.length; n > 0; n--) {
      const hit = this.lines.get(path.slice(0, n).join('\u0000'));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** The line of the n-th (0-based) header of an array of tables, e.g. the second [[build]]. */
  private sectionPath(names: string[], isArray: boolean, counters: Map<string, number>): Array<string | number> {
    const path: Array<string | number> = [];
    names.forEach((name, i) => {
      const prefix = [...path, name].join('\u0000');
      path.push(name);
      const last = i === names.length - 1;
      if (last && isArray) {
        const n = (counters.get(prefix) ?? -1) + 1;
        counters.set(prefix, n);
        path.push(n);
      } else if (counters.has(prefix)) {
        // [build.source] after [[build]] belongs to the latest build.
        path.push(counters.get(prefix)!);
      }
    });
    return path;
  }

  private remember(path: KeyPath, line: number): void {
    const key = path.join('\u0000');
    if (!this.lines.has(key)) this.lines.set(key, line);
  }
}

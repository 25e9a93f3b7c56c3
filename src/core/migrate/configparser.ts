import type {ConfigProblem} from '../errors.js';

/** One option as written: its raw value (continuation lines joined with "\n") and the line of its key. */
export interface IniOption {
  raw: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  options: Map<string, IniOption>;
}

/** A file read the way Python's ConfigParser (strict, ExtendedInterpolation) reads it. */
export interface IniFile {
  defaults: Map<string, IniOption>;
  sections: IniSection[];
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;
const MAX_DEPTH = 10;

/**
 * Parses INI text with ConfigParser's defaults: `#` and `;` start whole-line
 * comments (there are no inline comments), keys are lower-cased, `=` or `:`
 * separates key and value, a line indented deeper than its key continues
 * the value (an empty line inside stays as an empty line), `[DEFAULT]` holds
 * values every section inherits, and a repeated section or key is an error.
 */
export function parseIni(text: string, file: string): {ini: IniFile; problems: ConfigProblem[]} {
  const problems: ConfigProblem[] = [];
  const defaults = new Map<string, IniOption>();
  const sections: IniSection[] = [];
  let current: Map<string, IniOption> | undefined;
  let sectionName = '';
  let option: {name: string; lines: string[]} | undefined;
  let indent = Number.MAX_SAFE_INTEGER;
  const seen = new Set<string>();
  const flush = () => {
    if (option && current) current.get(option.name)!.raw = option.lines.join('\n').trimEnd();
  };

  text.split(/\r?\n/).forEach((line, i) => {
    const lineNo = i + 1;
    const stripped = line.trim();
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || comment) {
      // An empty line inside a value is kept; a comment line is dropped.
      if (!comment && option) option.lines.push('');
      return;
    }
    const lineIndent = line.length - line.trimStart().length;
    if (option && current && lineIndent > indent) {
      option.lines.push(stripped);
      return;
    }
    flush();
    option = undefined;
    indent = lineIndent;
    const header = SECTION.exec(stripped);
    if (header) {
      sectionName = header[1]!;
      if (sectionName === 'DEFAULT') {
        current = defaults;
      } else if (seen.has(`[${sectionName}]`)) {
        problems.push({file, line: lineNo, message: `section [${sectionName}] appears twice (the original refused this too): merge the two`});
        current = sections.find((s) => s.name === sectionName)!.options;
      } else {
        seen.add(`[${sectionName}]`);
        const section: IniSection = {name: sectionName, line: lineNo, options: new Map()};
        sections.push(section);
        current = section.options;
      }
      return;
    }
    if (!current) {
      problems.push({file, line: lineNo, message: 'no [section] header before this line: an INI file of `vdist batch` starts with [DEFAULT] or [build-name]'});
      return;
    }
    const match = OPTION.exec(stripped);
    const name = match?.[1]?.trimEnd().toLowerCase();
    if (!match || !name) {
      problems.push({file, line: lineNo, message: `"${stripped}" is neither "[section]" nor "key = value"`});
      return;
    }
    if (seen.has(`${sectionName}\0${name}`)) {
      problems.push({file, line: lineNo, key: name, message: `appears twice in [${sectionName}] (the original refused this too): keep one`});
    }
    seen.add(`${sectionName}\0${name}`);
    current.set(name, {raw: '', line: lineNo});
    option = {name, lines: [match[3]!.trim()]};
  });
  flush();
  return {ini: {defaults, sections}, problems};
}

/** The options of a section with [DEFAULT] merged under them, as ConfigParser presents them. */
export function sectionView(ini: IniFile, section: IniSection): Map<string, IniOption> {
  return new Map([...ini.defaults, ...section.options]);
}

/**
 * Resolves ExtendedInterpolation in `raw`, read in section `section`:
 * `${key}` is another key of the same section (or [DEFAULT]),
 * `${section:key}` a key of another section, `$$` a literal `$`.
 * Throws an Error whose message says what is wrong (the caller adds file, line, key).
 */
export function interpolate(ini: IniFile, section: string, raw: string, depth = 1): string {
  if (depth > MAX_DEPTH) throw new Error(`references nest more than ${MAX_DEPTH} deep (a loop?)`);
  let out = '';
  let rest = raw;
  while (rest.length > 0) {
    const at = rest.indexOf('$');
    if (at < 0) return out + rest;
    out += rest.slice(0, at);
    rest = rest.slice(at);
    if (rest.startsWith('$$')) {
      out += '$';
      rest = rest.slice(2);
      continue;
    }
    const ref = /^\$\{([^}]+)\}/.exec(rest);
    if (!ref) throw new Error(`"$" must be followed by "$" or "{" (write $$ for a literal $): ${JSON.stringify(rest.slice(0, 20))}`);
    const parts = ref[1]!.split(':');
    if (parts.length > 2) throw new Error(`\${${ref[1]}} has more than one ":": write \${key} or \${section:key}`);
    const [targetSection, key] = parts.length === 2 ? [parts[0]!, parts[1]!.toLowerCase()] : [section, parts[0]!.toLowerCase()];
    out += interpolate(ini, targetSection, lookup(ini, targetSection, key, ref[0]), depth + 1);
    rest = rest.slice(ref[0].length);
  }
  return out;
}

function lookup(ini: IniFile, section: string, key: string, reference: string): string {
  const found = section === 'DEFAULT' ? ini.defaults : ini.sections.find((s) => s.name === section) && sectionView(ini, ini.sections.find((s) => s.name === section)!);
  if (!found) throw new Error(`${reference} names section [${section}], which the file does not have`);
  const option = found.get(key);
  if (!option) throw new Error(`${reference}: [${section}] has no key "${key}"`);
  return option.raw;
}

import {debRelation, parseDependency, type Dependency} from '../metadata/dependency.js';
import {compareDebVersions} from '../publish/versions.js';

/** One library's part of a deb-symbols(5) file. */
export interface SymbolsLibrary {
  /** Dependency templates: the main one (index 0), then each `|` alternative, as `pkg #MINVER#, other (>= 1)`. */
  templates: string[];
  /** `name@VERSION` -> the version the symbol appeared in and the template it needs. */
  symbols: Map<string, {minver: string; template: number}>;
  /** `(symver)VERSION` patterns: every symbol of that version. */
  versions: Map<string, {minver: string; template: number}>;
  /** The smallest minimum version of the main template's symbols: the dependency of a library whose symbols go unused. */
  smallest: string;
}

/** A symbols file: soname -> its library. */
export type SymbolsFile = Map<string, SymbolsLibrary>;

/**
 * Parses a deb-symbols(5) file as dpkg installs it. Meta lines (`* Field:`)
 * and comments, which hold deprecated symbols, are skipped; so are C++ and
 * regular-expression patterns, which an installed file does not carry.
 */
export function parseSymbols(text: string): SymbolsFile {
  const file: SymbolsFile = new Map();
  let current: SymbolsLibrary | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('*')) continue;
    if (line.startsWith('|')) {
      current?.templates.push(line.slice(1).trim());
    } else if (/^\s/.test(line)) {
      if (current) addSymbol(current, line.trim());
    } else {
      const m = /^(\S+)\s+(.*)$/.exec(line.trim());
      if (!m) continue;
      current = {templates: [m[2]!.trim()], symbols: new Map(), versions: new Map(), smallest: ''};
      file.set(m[1]!, current);
    }
  }
  return file;
}

function addSymbol(library: SymbolsLibrary, text: string): void {
  const m = /^(?:\(([^)]*)\))?("[^"]*"|\S+)\s+(\S+)(?:\s+(\d+))?/.exec(text);
  if (!m) return;
  const tags = (m[1] ?? '').split('|').map((t) => t.split('=')[0]!.trim());
  const name = m[2]!.replace(/^"|"$/g, '');
  const entry = {minver: m[3]!, template: Number(m[4] ?? 0)};
  if (tags.includes('c++') || tags.includes('regex')) return;
  (tags.includes('symver') ? library.versions : library.symbols).set(name, entry);
  // Of the main template's symbols only, as dpkg-shlibdeps initialises the dependency.
  if (entry.template === 0 && (library.smallest === '' || compareDebVersions(entry.minver, library.smallest) < 0)) library.smallest = entry.minver;
}

/** `libfoo.so.1.2` -> `libfoo 1.2`, `libfoo-1.2.so` -> `libfoo 1.2`: the key of a shlibs line (deb-shlibs(5)). */
export function shlibsKey(soname: string): string | undefined {
  const m = /^(.*)\.so\.(.*)$/.exec(soname) ?? /^(.*)-(\d[^-]*)\.so$/.exec(soname);
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/**
 * Parses a deb-shlibs(5) file: `[type:] libname version dependencies` ->
 * dependencies. A `deb:` line beats an untyped one; other types (`udeb:`)
 * are for other package types.
 */
export function parseShlibs(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(?:(\S+):\s+)?(\S+)\s+(\S+)\s+(\S.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#') || (m[1] !== undefined && m[1] !== 'deb')) continue;
    const key = `${m[2]} ${m[3]}`;
    if (typed.has(key) || (m[1] === undefined && entries.has(key))) continue;
    entries.set(key, m[4]!);
    if (m[1] === 'deb') typed.add(key);
  }
  return entries;
}

/** The dependency information the build container has for the packages that ship the needed libraries. */
export interface LibraryInfo {
  /** package -> its symbols file. */
  symbols: Map<string, SymbolsFile>;
  /** package -> its shlibs file. */
  shlibs: Map<string, Map<string, string>>;
  /** /etc/dpkg/shlibs.override and /etc/dpkg/shlibs.default. */
  override?: Map<string, string>;
  fallback?: Map<string, string>;
}

/** What the versioned dependencies were computed from, for the log. */
export interface VersionedDepends {
  /** The relations, merged per package (the highest minimum kept), sorted by package. */
  depends: string[];
  /** soname -> where its relation came from: `symbols`, `shlibs`, or `none` (the package name alone). */
  source: Record<string, 'symbols' | 'shlibs' | 'none'>;
}

/**
 * The relations dpkg-shlibdeps computes for the tree's ELF files. A library
 * whose package has a symbols file gets the highest minimum version of the
 * symbols the files use (looked up in the libraries each file needs, in its
 * DT_NEEDED order), and at least the smallest version in that file. Without
 * a symbols file, the shlibs entry (shlibs.override first, shlibs.default
 * last) is taken as it is; with neither, the package name alone.
 *
 * `owners`: soname -> package, for the sonames the tree needs and does not
 * ship. `symbolsByNeeded`: the tree's used symbols grouped by NEEDED list.
 */
export function versionedDepends(owners: ReadonlyMap<string, string>, symbolsByNeeded: ReadonlyMap<string, ReadonlySet<string>>, info: LibraryInfo): VersionedDepends {
  const minimum = new Map<string, string>(); // a template's part (`libc6 #MINVER#`) -> its minimum version ('' for none)
  const source: VersionedDepends['source'] = {};
  const raise = (template: string, minver: string) => {
    for (const part of template.split(',').map((p) => p.trim()).filter(Boolean)) {
      const had = minimum.get(part);
      if (had === undefined || (minver !== '' && (had === '' || compareDebVersions(minver, had) > 0))) minimum.set(part, minver);
    }
  };
  const libraries = new Map<string, SymbolsLibrary>();
  for (const [soname, pkg] of owners) {
    const library = info.symbols.get(pkg)?.get(soname);
    if (library) {
      libraries.set(soname, library);
      raise(library.templates[0]!, library.smallest);
      source[soname] = 'symbols';
      continue;
    }
    const key = shlibsKey(soname);
    const shlibs = key === undefined ? undefined : (info.override?.get(key) ?? info.shlibs.get(pkg)?.get(key) ?? info.fallback?.get(key));
    raise(shlibs ?? pkg, '');
    source[soname] = shlibs ? 'shlibs' : 'none';
  }
  for (const [needed, symbols] of symbolsByNeeded) {
    const searched = needed.split(' ').flatMap((soname) => libraries.get(soname) ?? []);
    if (searched.length === 0) continue;
    for (const symbol of symbols) {
      for (const library of searched) {
        const found = library.symbols.get(symbol) ?? library.versions.get(symbol.slice(symbol.indexOf('@') + 1));
        if (!found) continue;
        const template = library.templates[found.template];
        if (template !== undefined) raise(template, found.minver);
        break;
      }
    }
  }
  // A minimum of "0" is no minimum: dpkg-shlibdeps writes no version for it.
  const relations = [...minimum].map(([part, minver]) => part.replace(/\s*#MINVER#/, minver === '' || minver === '0' ? '' : ` (>= ${minver})`).trim());
  return {depends: mergeByPackage(relations), source};
}

/**
 * Merges relations on the same package as dpkg simplifies them: of the
 * lower bounds the strongest stays, of the upper bounds the lowest, and a
 * bare name goes when the package has a versioned relation. Sorted by name.
 */
export function mergeByPackage(relations: readonly string[]): string[] {
  const byName = new Map<string, Dependency[]>();
  for (const text of relations) {
    const d = parseDependency(text);
    byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
  }
  const out: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    const list = byName.get(name)!;
    const pick = (ops: Dependency['op'][], stronger: (a: Dependency, b: Dependency) => boolean) =>
      list.filter((d) => ops.includes(d.op)).reduce<Dependency | undefined>((best, d) => (!best || stronger(d, best) ? d : best), undefined);
    const lower = pick(['>=', '>'], (a, b) => {
      const c = compareDebVersions(a.version!, b.version!);
      return c > 0 || (c === 0 && a.op === '>');
    });
    const upper = pick(['<=', '<'], (a, b) => {
      const c = compareDebVersions(a.version!, b.version!);
      return c < 0 || (c === 0 && a.op === '<');
    });
    const exact = list.filter((d) => d.op === '=');
    const kept = [...exact, ...(lower ? [lower] : []), ...(upper ? [upper] : [])];
    const unique = [...new Set((kept.length > 0 ? kept : [{name}]).map(debRelation))];
    out.push(...unique);
  }
  return out;
}

import type {Backend, Container, RunContext} from '../../backends/backend.js';
import {VdistError} from '../errors.js';
import type {TreeFacts} from '../tree/tree-entry.js';
import {LIBRARY_INFO_SCRIPT, LOOKUP_SCRIPT} from './lookup-script.js';
import {parseShlibs, parseSymbols, type LibraryInfo} from './symbols.js';

/** What the shared-library lookup found. */
export interface SharedLibraryDeps {
  /** Distribution packages that provide the tree's NEEDED libraries, sorted, without duplicates. */
  packages: string[];
  /** Sonames no installed package owns (logged as a warning, not an error). */
  unresolved: string[];
  /** soname -> package, for the log. */
  bySoname: Record<string, string>;
}

/**
 * The sonames the tree needs but does not ship itself, sorted. A library the
 * tree carries (say numpy.libs/libgfortran-*.so) is not a dependency.
 */
export function sonamesToResolve(facts: Pick<TreeFacts, 'needed' | 'provided'>): string[] {
  return [...facts.needed].filter((soname) => !facts.provided.has(soname)).sort();
}

/** Parses the lookup script's `soname<TAB>package` lines. */
export function parseLookupOutput(stdout: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [soname, pkg = ''] = line.split('\t');
    owners.set(soname!, pkg.trim());
  }
  return owners;
}

/**
 * Maps every library the build container's linker knows to the package that
 * ships it, as dh_shlibdeps and rpm's AutoReq do, inside the container where
 * the build linked against them. It needs nothing from the tree, so it runs
 * while the tree streams out; {@link sharedLibraryDeps} then picks what the
 * tree needs.
 */
export async function lookupLibraryOwners(backend: Backend, container: Container, ctx: RunContext): Promise<Map<string, string>> {
  const result = await backend.run(container, ['bash', '-c', LOOKUP_SCRIPT, 'vdist-shlibdeps'], {
    ...ctx,
    log: ctx.log.child({step: 'shlibdeps'}),
    outputLevel: 'debug', // a line per library in the image: only the ones used are logged at info
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    throw new VdistError(`Could not look up which packages provide the shared libraries: ${result.tail.slice(-3).join(' ')}`, {
      code: 'SHLIBDEPS',
      suggestions: ['Set auto_runtime_deps = false and list the libraries in runtime_deps yourself.'],
    });
  }
  return parseLookupOutput(result.stdout);
}

/** Parses what {@link LIBRARY_INFO_SCRIPT} prints. */
export function parseLibraryInfo(stdout: string): LibraryInfo {
  const info: LibraryInfo = {symbols: new Map(), shlibs: new Map()};
  for (const part of stdout.split('\x1e ').slice(1)) {
    const newline = part.indexOf('\n');
    const [kind, pkg] = part.slice(0, newline < 0 ? part.length : newline).split(' ');
    const text = newline < 0 ? '' : part.slice(newline + 1);
    if (kind === 'symbols') info.symbols.set(pkg!, parseSymbols(text));
    else if (kind === 'shlibs') info.shlibs.set(pkg!, parseShlibs(text));
    else if (kind === 'override') info.override = parseShlibs(text);
    else if (kind === 'default') info.fallback = parseShlibs(text);
  }
  return info;
}

/**
 * Reads the symbols and shlibs files of `packages` (and dpkg's shlibs
 * override and default files) from the build container, in one exec, once
 * the tree's facts say which packages ship the libraries it needs.
 */
export async function fetchLibraryInfo(backend: Backend, container: Container, packages: readonly string[], ctx: RunContext): Promise<LibraryInfo> {
  const result = await backend.run(container, ['bash', '-c', LIBRARY_INFO_SCRIPT, 'vdist-shlibs', ...packages], {
    ...ctx,
    log: ctx.log.child({step: 'shlibdeps'}),
    outputLevel: 'debug', // whole symbols files
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    throw new VdistError(`Could not read the symbols and shlibs files of ${packages.join(', ')}: ${result.tail.slice(-3).join(' ')}`, {
      code: 'SHLIBDEPS',
      suggestions: ['Set auto_runtime_deps = false and list the libraries in runtime_deps yourself.'],
    });
  }
  return parseLibraryInfo(result.stdout);
}

/**
 * The packages that provide the tree's NEEDED libraries. Essential libraries
 * such as libc6/glibc are kept: the dependency is real, and dpkg-shlibdeps
 * lists it too.
 */
export function sharedLibraryDeps(owners: ReadonlyMap<string, string>, facts: Pick<TreeFacts, 'needed' | 'provided'>): SharedLibraryDeps {
  const bySoname: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const soname of sonamesToResolve(facts)) {
    const pkg = owners.get(soname);
    if (pkg) bySoname[soname] = pkg;
    else unresolved.push(soname);
  }
  const packages = [...new Set(Object.values(bySoname))].sort();
  return {packages, unresolved, bySoname};
}

/** The package name of a dependency spec: `python3 (>= 3.11)` -> `python3`, `libssl3:amd64` -> `libssl3`. */
export function dependencyName(spec: string): string {
  return spec.trim().split(/[\s(<>=:]/, 1)[0]!;
}

/**
 * runtime_deps plus the packages found automatically, in that order. A found
 * package the user already lists (with or without a version) is not repeated.
 * Returns the merged list and what was really added.
 */
export function mergeDependencies(runtimeDeps: readonly string[], found: readonly string[]): {depends: string[]; added: string[]} {
  const listed = new Set(runtimeDeps.map(dependencyName));
  const added = found.filter((pkg) => !listed.has(dependencyName(pkg)));
  return {depends: [...runtimeDeps, ...added], added};
}

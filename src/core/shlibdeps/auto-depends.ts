import type {Backend, Container, RunContext} from '../../backends/backend.js';
import type {TreeFacts} from '../tree/tree-entry.js';
import type {PackageFormat} from '../types.js';
import {fetchLibraryInfo, sharedLibraryDeps} from './resolve.js';
import {versionedDepends} from './symbols.js';

/**
 * Whether a format's library dependencies need the build container's
 * package database: a .deb names the packages that ship the libraries; an
 * .rpm names the libraries themselves, as rpmbuild does.
 */
export function needsLibraryOwners(format: PackageFormat): boolean {
  return format === 'deb';
}

/**
 * The tree's shared-library dependencies, as the distribution's own tools
 * write them. .deb: the packages that ship the libraries, each with the
 * minimum version dpkg-shlibdeps computes from the container's symbols and
 * shlibs files. .rpm: what rpm's ELF generator says (`libc.so.6()(64bit)`,
 * `libc.so.6(GLIBC_2.34)(64bit)`, ...), less what the tree provides itself.
 */
export async function libraryDependencies(
  format: PackageFormat,
  facts: TreeFacts,
  owners: Promise<Map<string, string>> | undefined,
  source: {backend: Backend; container: Container},
  ctx: RunContext,
): Promise<string[]> {
  if (!needsLibraryOwners(format)) return rpmLibraryRequires(facts);
  if (!owners) return [];
  const found = sharedLibraryDeps(await owners, facts);
  if (found.unresolved.length > 0) ctx.log.warn(`no package provides ${found.unresolved.join(', ')}: not added to the dependencies`);
  if (found.packages.length === 0) return [];
  const info = await fetchLibraryInfo(source.backend, source.container, found.packages, ctx);
  const versioned = versionedDepends(new Map(Object.entries(found.bySoname)), facts.symbols ?? new Map(), info);
  for (const [soname, pkg] of Object.entries(found.bySoname)) ctx.log.debug(`shared library ${soname} comes from ${pkg} (version from its ${versioned.source[soname] === 'none' ? 'package alone: no symbols or shlibs file' : `${versioned.source[soname]} file`})`);
  return versioned.depends;
}

/** rpm's generated Requires for the tree, sorted, without those a library in the tree satisfies. */
export function rpmLibraryRequires(facts: Pick<TreeFacts, 'elfRequires' | 'provided'>): string[] {
  return [...(facts.elfRequires ?? [])].filter((r) => !facts.provided.has(r.slice(0, r.indexOf('(') < 0 ? r.length : r.indexOf('(')))).sort();
}

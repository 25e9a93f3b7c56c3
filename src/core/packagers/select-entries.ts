import type {PackageMetadata, StagedTree, TreeEntry} from './packager.js';
import {globMatcher} from './tree-paths.js';

/**
 * The entries a package holds: the staged tree minus `excludes`, with mtimes
 * clamped to source_date_epoch so the same tree always gives the same bytes.
 */
export function selectEntries(tree: StagedTree, meta: PackageMetadata): TreeEntry[] {
  const excluded = globMatcher(meta.excludes);
  const clamp = (e: TreeEntry): TreeEntry => {
    const mtime = e.implicit ? meta.source_date_epoch : Math.min(e.mtime, meta.source_date_epoch);
    return mtime === e.mtime ? e : {...e, mtime};
  };
  return tree.entries.filter((e) => !excluded(e.path)).map(clamp);
}

/** The first entry of each hard-link group (in the given order) carries the content. */
export function hardLinkLeaders(entries: readonly TreeEntry[]): Map<number, TreeEntry> {
  const leaders = new Map<number, TreeEntry>();
  for (const e of entries) if (e.linkGroup > 0 && !leaders.has(e.linkGroup)) leaders.set(e.linkGroup, e);
  return leaders;
}

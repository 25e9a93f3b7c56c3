import {formatSize} from '../support/format.js';
import {renderColumns} from '../profiles/render.js';
import type {CacheEntry, PipCacheFile, PruneReport} from './entries.js';
import {CACHE_LEVELS, cacheLevelRow} from './levels.js';

/** A level's inputs in a few words: `cpython 3.11.2 at /opt/app/python`, `python3 at /usr`, `gcc libpq-dev`. */
export function describeInputs(e: CacheEntry): string {
  return cacheLevelRow(e.level)?.describe(e.inputs) ?? CACHE_LEVELS[0].describe(e.inputs);
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

/** `vdist cache list` as text: the images, then the pip caches. */
export function renderCacheList(entries: readonly CacheEntry[], pip: readonly PipCacheFile[]): string {
  const images =
    entries.length === 0
      ? 'No provisioned images.'
      : renderColumns([
          ['PROFILE', 'LEVEL', 'KEY', 'SIZE', 'CREATED', 'LAST USED', 'INPUTS'],
          ...entries.map((e) => [e.profile, e.level, e.reference ? e.key.slice(0, 12) : `${e.key.slice(0, 12)} (replaced)`, e.sizeBytes === undefined ? '-' : formatSize(e.sizeBytes), day(e.created), day(e.lastUsed), describeInputs(e)]),
        ]);
  const caches = pip.length === 0 ? 'No pip caches.' : renderColumns([['PIP CACHE', 'SIZE', 'WRITTEN'], ...pip.map((p) => [p.file, formatSize(p.sizeBytes), day(p.modified)])]);
  return `${images}\n\n${caches}`;
}

export function renderPrune(r: PruneReport): string {
  const lines = [`removed ${r.removed.length} image${r.removed.length === 1 ? '' : 's'}${r.removed.length ? `: ${r.removed.join(', ')}` : ''}`];
  if (r.kept.length) lines.push(`still used by a container or a level above, kept: ${r.kept.join(', ')}`);
  lines.push(`removed ${r.pipRemoved.length} pip cache${r.pipRemoved.length === 1 ? '' : 's'}`);
  return lines.join('\n');
}

import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {CacheLevelName} from './key.js';

/** Every cache image carries this label, its value the key: `vdist cache list` and `prune` find them by it. */
export const CACHE_LABEL = 'io.github.vdist.cache';

/** vdist's own version, for the labels. */
export const VDIST_VERSION: string = (() => {
  try {
    const pkg = join(dirname(fileURLToPath(import.meta.url)), '../../../package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as {version: string}).version;
  } catch {
    return 'unknown';
  }
})();

/** What a cache image says about itself. Inputs never hold a credential (no URLs, no pip_args). */
export function cacheLabels(entry: {profile: string; key: string; level: CacheLevelName; parent: string; inputs: Record<string, unknown>; created: Date}): Record<string, string> {
  return {
    [CACHE_LABEL]: entry.key,
    [`${CACHE_LABEL}.profile`]: entry.profile,
    [`${CACHE_LABEL}.level`]: entry.level,
    [`${CACHE_LABEL}.parent`]: entry.parent,
    [`${CACHE_LABEL}.inputs`]: JSON.stringify(entry.inputs),
    [`${CACHE_LABEL}.vdist-version`]: VDIST_VERSION,
    [`${CACHE_LABEL}.created`]: entry.created.toISOString(),
  };
}

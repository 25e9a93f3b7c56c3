import {readdir, rm, stat} from 'node:fs/promises';
import {basename, join} from 'node:path';
import type {ImageEngine, ImageInfo, RunContext} from '../../backends/backend.js';
import {usedDir} from './dirs.js';
import {CACHE_LABEL} from './labels.js';
import {pipCachePrefix} from './pip-cache.js';
import {levelRank} from './levels.js';

/** One provisioned image, as `vdist cache list` shows it. */
export interface CacheEntry {
  profile: string;
  level: string;
  key: string;
  /** `localhost/vdist-cache/{profile}:{key}`, or '' when the entry was replaced and is no longer named. */
  reference: string;
  id: string;
  /** What went in (build_deps, Python version ...), never a credential. */
  inputs: Record<string, unknown>;
  sizeBytes?: number;
  created?: string;
  lastUsed?: string;
  vdistVersion?: string;
}

function entryOf(image: ImageInfo, lastUsed: Date | undefined): CacheEntry {
  const l = image.labels;
  let inputs: Record<string, unknown> = {};
  try {
    inputs = JSON.parse(l[`${CACHE_LABEL}.inputs`] ?? '{}') as Record<string, unknown>;
  } catch {
    // An entry made by another tool or version: show it without inputs.
  }
  return {
    profile: l[`${CACHE_LABEL}.profile`] ?? '',
    level: l[`${CACHE_LABEL}.level`] ?? '',
    key: l[CACHE_LABEL] ?? '',
    reference: image.references.find((r) => r.includes('/vdist-cache/') && !r.includes(':tmp-')) ?? '',
    id: image.id,
    inputs,
    sizeBytes: image.sizeBytes,
    created: image.created?.toISOString(),
    lastUsed: lastUsed?.toISOString(),
    vdistVersion: l[`${CACHE_LABEL}.vdist-version`],
  };
}

/** Every cache image in the backend's engine, python levels first, then by profile and creation. */
export async function listCacheEntries(backend: ImageEngine, cacheDir: string, ctx: RunContext): Promise<CacheEntry[]> {
  const images = await backend.listImages(CACHE_LABEL, ctx);
  const entries: CacheEntry[] = [];
  for (const image of images) {
    const used = await stat(join(usedDir(cacheDir), image.id)).then((s) => s.mtime, () => undefined);
    entries.push(entryOf(image, used));
  }
  const order = (e: CacheEntry) => `${levelRank(e.level)} ${e.profile} ${e.created ?? ''}`;
  return entries.sort((x, y) => order(x).localeCompare(order(y)));
}

/** A pip cache tar on the host, as `vdist cache list` shows it. */
export interface PipCacheFile {
  file: string;
  sizeBytes: number;
  modified: string;
}

export async function listPipCaches(cacheDir: string): Promise<PipCacheFile[]> {
  const dir = join(cacheDir, 'pip');
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: PipCacheFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.tar'))) {
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (s) files.push({file: join(dir, name), sizeBytes: s.size, modified: s.mtime.toISOString()});
  }
  return files;
}

export interface PruneOptions {
  /** Remove everything, whatever its age. */
  all: boolean;
  /** Remove entries created (pip caches: written) longer ago than this. */
  olderThanMs: number;
  /** Only this profile's entries (and pip caches). */
  profile?: string;
  now?: Date;
}

export interface PruneReport {
  /** Image references or IDs removed. */
  removed: string[];
  /** Entries that should have gone but are still used by a container or another level. */
  kept: string[];
  pipRemoved: string[];
}

/**
 * Removes cache entries: all of them, or those older than `olderThanMs`, and
 * always the ones a newer provisioning replaced (no longer named). Levels on
 * top go before the level below them, which an engine keeps while they exist.
 */
export async function pruneCache(backend: ImageEngine, cacheDir: string, options: PruneOptions, ctx: RunContext): Promise<PruneReport> {
  const now = (options.now ?? new Date()).getTime();
  const old = (iso: string | undefined) => options.all || iso === undefined || now - new Date(iso).getTime() >= options.olderThanMs;
  const entries = (await listCacheEntries(backend, cacheDir, ctx)).filter((e) => !options.profile || e.profile === options.profile);
  const doomed = entries.filter((e) => e.reference === '' || old(e.created)).sort((x, y) => levelRank(y.level) - levelRank(x.level));
  const report: PruneReport = {removed: [], kept: [], pipRemoved: []};
  for (const e of doomed) {
    const image = await backend.inspectImage(e.id, ctx);
    for (const reference of image?.references ?? []) await backend.removeImage(reference, ctx);
    const gone = (await backend.inspectImage(e.id, ctx)) === undefined || (await backend.removeImage(e.id, ctx));
    (gone ? report.removed : report.kept).push(e.reference || e.id);
    if (gone) await rm(join(usedDir(cacheDir), e.id), {force: true});
  }
  for (const pip of await listPipCaches(cacheDir)) {
    if (options.profile && !basename(pip.file).startsWith(`${pipCachePrefix(options.profile)}-`)) continue;
    if (!old(pip.modified)) continue;
    await rm(pip.file, {force: true});
    report.pipRemoved.push(pip.file);
  }
  return report;
}

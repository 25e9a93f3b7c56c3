import {copyFile, mkdir, readdir, rename, rm, stat} from 'node:fs/promises';
import {basename, join} from 'node:path';
import type {Backend, RunContext} from '../../backends/backend.js';
import type {BuildSpec} from '../types.js';
import {ImageCache} from './image-cache.js';
import {cacheImageName, cacheRepository, planCache} from './key.js';
import {pipCacheFile} from './pip-cache.js';

/** What an export or import did, file by file (names relative to the cache directory). */
export interface CacheDirReport {
  written: string[];
  unchanged: string[];
  dropped: string[];
}

/** `images/{profile}-{key}.tar`: a level's archive, named so that import knows its local name without opening it. */
const ARCHIVE = /^(.+)-([0-9a-f]{32})\.tar$/;

/**
 * Writes the levels `builds` start from, and their pip caches, into `dir`
 * for a CI cache action to keep: one archive per level (the engine's own
 * format: an OCI archive for podman and buildah) under `images/`, pip's tars
 * under `pip/`. Incremental: a level already in `dir` is not written again
 * (its key names its content), and files no build uses any more are dropped.
 */
export async function exportCache(backend: Backend, builds: readonly BuildSpec[], dir: string, cacheDir: string, ctx: RunContext): Promise<CacheDirReport> {
  const report: CacheDirReport = {written: [], unchanged: [], dropped: []};
  const cache = new ImageCache(backend, {maxAgeMs: Number.MAX_SAFE_INTEGER, refresh: false, usedDir: ''});
  const images = new Map<string, string>();
  const pips = new Set<string>();
  for (const spec of builds) {
    const plan = planCache(spec);
    if (!plan) continue;
    const seen = await cache.peek(spec, plan, ctx);
    for (const level of seen.levels) if (level.status === 'hit') images.set(`${cacheImageName(spec.profile.name)}-${level.key}.tar`, level.reference);
    pips.add(pipCacheFile(cacheDir, spec));
  }
  await mkdir(join(dir, 'images'), {recursive: true});
  for (const [file, reference] of images) {
    const target = join(dir, 'images', file);
    if (await exists(target)) {
      report.unchanged.push(`images/${file}`);
      continue;
    }
    // Written beside, then renamed: a cache action never keeps half an archive.
    const partial = `${target}.partial`;
    await rm(partial, {force: true});
    ctx.log.info(`exporting ${reference} to ${target}`);
    await backend.saveImage(reference, partial, ctx);
    await rename(partial, target);
    report.written.push(`images/${file}`);
  }
  report.dropped.push(...(await dropOthers(join(dir, 'images'), new Set(images.keys()), 'images')));
  await mkdir(join(dir, 'pip'), {recursive: true});
  for (const file of pips) {
    if (!(await exists(file))) continue;
    const name = `pip/${basename(file)}`;
    (await copyIfNewer(file, join(dir, name))) ? report.written.push(name) : report.unchanged.push(name);
  }
  report.dropped.push(...(await dropOthers(join(dir, 'pip'), new Set([...pips].map((f) => basename(f))), 'pip')));
  return report;
}

/** Loads what exportCache wrote: each level the engine does not have, and each pip cache newer than the host's. */
export async function importCache(backend: Backend, dir: string, cacheDir: string, ctx: RunContext): Promise<CacheDirReport> {
  const report: CacheDirReport = {written: [], unchanged: [], dropped: []};
  for (const file of await list(join(dir, 'images'))) {
    const m = ARCHIVE.exec(file);
    if (!m) continue;
    const reference = `${cacheRepository(m[1]!)}:${m[2]}`;
    if (await backend.inspectImage(reference, ctx)) {
      report.unchanged.push(`images/${file}`);
      continue;
    }
    ctx.log.info(`importing ${reference} from ${join(dir, 'images', file)}`);
    await backend.loadImage(join(dir, 'images', file), ctx);
    report.written.push(`images/${file}`);
  }
  await mkdir(join(cacheDir, 'pip'), {recursive: true});
  for (const file of (await list(join(dir, 'pip'))).filter((f) => f.endsWith('.tar'))) {
    (await copyIfNewer(join(dir, 'pip', file), join(cacheDir, 'pip', file))) ? report.written.push(`pip/${file}`) : report.unchanged.push(`pip/${file}`);
  }
  return report;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** Copies `from` over `to` unless `to` is as new and as large; true when it copied. */
async function copyIfNewer(from: string, to: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
  if (b && b.size === a.size && b.mtimeMs >= a.mtimeMs) return false;
  await copyFile(from, `${to}.partial`);
  await rename(`${to}.partial`, to);
  return true;
}

/** Removes the files of `dir` not in `keep`; returns them as `prefix/name`. */
async function dropOthers(dir: string, keep: Set<string>, prefix: string): Promise<string[]> {
  const dropped: string[] = [];
  for (const file of await list(dir)) {
    if (keep.has(file)) continue;
    await rm(join(dir, file), {force: true});
    dropped.push(`${prefix}/${file}`);
  }
  return dropped;
}

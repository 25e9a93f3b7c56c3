import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect} from 'vitest';
import type {Backend} from '../../src/backends/backend.js';
import {withContainer} from '../../src/backends/with-container.js';
import {ImageCache} from '../../src/core/cache/image-cache.js';
import {planCache} from '../../src/core/cache/key.js';
import {CACHE_LABEL} from '../../src/core/cache/labels.js';
import {RegistryCache} from '../../src/core/cache/registry-cache.js';
import {provisionInContainer} from '../../src/core/pipeline/provision.js';
import {memoryLogger} from './backend-scenario.js';
import {cacheSpecs, CACHE_SECRET} from './cache-scenario.js';
import type {TestRegistry} from './oci-registry.js';

/** Removes a scenario's cache images from one engine, children first (a level's parent cannot go while the level is there). */
export async function removeCacheImages(backend: Backend, profile: string): Promise<void> {
  const {log} = memoryLogger();
  const mine = await backend.listImages(`${CACHE_LABEL}.profile=${profile}`, {log});
  for (const level of ['deps', 'python']) {
    for (const i of mine.filter((x) => x.labels[`${CACHE_LABEL}.level`] === level)) {
      for (const r of i.references) await backend.removeImage(r, {log});
      await backend.removeImage(i.id, {log});
    }
  }
}

/**
 * The registry scenario every engine must pass, with the two-level staged
 * fixture: `pusher` provisions both levels and pushes them; `fresh` (another
 * storage with the same base image, or the same one emptied of this
 * scenario's levels) pulls both, with the same keys and image IDs (the deps
 * level's key covers the python level's ID, so that ID must survive the
 * trip), and provisions nothing. No credential reaches a label or a log.
 */
export async function runRegistryScenario(pusher: Backend, fresh: () => Promise<Backend>, registry: TestRegistry, options: {network?: string} = {}): Promise<void> {
  const specs = await cacheSpecs(`reg-${pusher.name}`);
  const usedDir = await mkdtemp(join(tmpdir(), 'vdist-registry-used-'));
  const reference = `${registry.host}/team/vdist-cache`;
  const make = (backend: Backend, push: boolean) =>
    new ImageCache(backend, {maxAgeMs: 7 * 86_400_000, refresh: false, provision: provisionInContainer(backend, options.network), usedDir, registry: new RegistryCache(backend, {reference, push, insecure: false})});
  const {a} = specs;
  let second: Backend | undefined;
  try {
    const {log, records} = memoryLogger();
    const first = await make(pusher, true).imageFor(a, planCache(a)!, {log});
    expect(first.report.levels.map((l) => [l.level, l.status, l.source])).toEqual([['python', 'miss', 'pushed'], ['deps', 'miss', 'pushed']]);
    const ids = await Promise.all(first.report.levels.map(async (l) => (await pusher.inspectImage(l.reference, {log}))!.id));
    for (const l of first.report.levels) expect(await registry.digest(`team/vdist-cache/${a.profile.name}:${l.key}`)).toMatch(/^sha256:/);

    second = await fresh();
    const pulled = await make(second, false).imageFor(a, planCache(a)!, {log});
    expect(pulled.report.levels.map((l) => [l.level, l.status, l.source, l.key])).toEqual(first.report.levels.map((l) => [l.level, 'hit', 'registry', l.key]));
    expect(await Promise.all(pulled.report.levels.map(async (l) => (await second!.inspectImage(l.reference, {log}))!.id))).toEqual(ids);
    expect(records.filter((r) => String(r.msg).startsWith('provisioning the'))).toHaveLength(2);
    expect(records.filter((r) => (r.level as number) >= 40)).toEqual([]);
    // What the pusher provisioned is what the fresh runner builds on.
    await withContainer(second, {image: pulled.image, build: 'cache-reg-check', network: options.network}, {log}, async (c) => {
      const r = await second!.run(c, ['cat', '/build-deps'], {log});
      expect(r.stdout.trim()).toBe('dep-one');
    });
    const all = JSON.stringify(records);
    expect(all).not.toContain(registry.password);
    expect(all).not.toContain(CACHE_SECRET);
  } finally {
    await removeCacheImages(pusher, a.profile.name);
    if (second) await removeCacheImages(second, a.profile.name);
    await specs.dispose();
    await rm(usedDir, {recursive: true, force: true});
  }
}

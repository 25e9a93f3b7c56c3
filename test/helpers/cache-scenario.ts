import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {execa} from 'execa';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import type {Backend} from '../../src/backends/backend.js';
import {withContainer} from '../../src/backends/with-container.js';
import {ImageCache} from '../../src/core/cache/image-cache.js';
import {cacheRepository, planCache} from '../../src/core/cache/key.js';
import {CACHE_LABEL} from '../../src/core/cache/labels.js';
import {temporaryReference} from '../../src/core/cache/temporaries.js';
import {reapDeadProvisionings} from '../../src/core/reaper/reaper.js';
import {loadConfig} from '../../src/core/config/load.js';
import type {BuildSpec} from '../../src/core/types.js';
import {memoryLogger, TEST_IMAGE} from './backend-scenario.js';
import {provisionInContainer} from '../../src/core/pipeline/provision.js';

const TEMPLATE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/templates/cache/stages.sh');
/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

/** A password in python_mirror: it must reach no label and no image. */
export const CACHE_SECRET = 'cache-s3cret-token';
const DAY = 86_400_000;

/** A build of the staged fixture script under a profile of its own, so its first build always misses. */
export async function cacheSpecs(engine: string): Promise<{a: BuildSpec; b: BuildSpec; failing: BuildSpec; hanging: BuildSpec; dispose: () => Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-cache-it-'));
  await writeFile(
    join(dir, 'vdist.toml'),
    `[[build]]\nname = "cache-it"\napp = "cacheit"\nversion = "1.0"\nsource = { directory = "." }\nprofile = "debian-bookworm"\ncompile_python = true\npython_mirror = "https://u:${CACHE_SECRET}@mirror.invalid/python"\nbuild_deps = ["dep-one"]\n`,
  );
  const loaded = loadConfig(join(dir, 'vdist.toml'), {}).builds[0]!;
  const profile = {...loaded.profile, name: `cache-it-${engine}-${process.pid}-${Date.now() % 100_000}`, image: TEST_IMAGE, script_path: TEMPLATE};
  const a: BuildSpec = {...loaded, profile};
  return {
    a,
    b: {...a, build_deps: ['dep-one', 'dep-two']},
    failing: {...a, build_deps: ['fail-now']},
    hanging: {...a, build_deps: ['sleep-now']},
    dispose: () => rm(dir, {recursive: true, force: true}),
  };
}

/** --no-cache replaces an entry (a new image under the same name); so do age and cache_max_age = "0". */
async function replaceAndAge(
  make: (extra?: Partial<ConstructorParameters<typeof ImageCache>[1]>) => ImageCache,
  plan: (s: BuildSpec) => ReturnType<typeof planCache> & {},
  a: BuildSpec,
  oldId: string,
  firstReference: string,
  backend: Backend,
  log: ReturnType<typeof memoryLogger>['log'],
): Promise<void> {
  const refreshed = await make({refresh: true}).imageFor(a, plan(a), {log});
  expect(refreshed.report.levels.map((l) => l.status)).toEqual(['miss', 'miss']);
  // The first level keeps its name with a new image; the second's key names its parent's ID, so it is new too.
  expect(refreshed.report.levels[0]!.reference).toBe(firstReference);
  expect((await backend.inspectImage(refreshed.image, {log}))!.id).not.toBe(oldId);
  const aged = await make({now: () => new Date(Date.now() + 8 * DAY)}).imageFor(a, plan(a), {log});
  expect(aged.report.status).toBe('miss');
  expect((await make({maxAgeMs: 0}).imageFor(a, plan(a), {log})).report.status).toBe('miss');
}

/** This scenario's cache images: the engine's label filter leaves out the host's other entries (buildah inspects each one it lists). */
async function cacheImages(backend: Backend, profile: string) {
  const {log} = memoryLogger();
  const mine = await backend.listImages(`${CACHE_LABEL}.profile=${profile}`, {log});
  expect(mine.every((i) => i.labels[`${CACHE_LABEL}.profile`] === profile && i.labels[CACHE_LABEL])).toBe(true);
  return mine;
}

/**
 * The cache scenario every engine must pass: a miss provisions both levels
 * once (two builds of one run share them), labels say what went in and
 * never a credential, a second run hits, new build_deps miss only the deps
 * level, --no-cache and age replace an entry, a failed or interrupted
 * provisioning leaves no entry, no temporary name and no container.
 */
export async function runCacheScenario(backend: Backend, options: {network?: string; short?: boolean} = {}): Promise<void> {
  const specs = await cacheSpecs(backend.name);
  const {a, b, failing, hanging} = specs;
  const usedDir = await mkdtemp(join(tmpdir(), 'vdist-cache-used-'));
  const make = (extra: Partial<ConstructorParameters<typeof ImageCache>[1]> = {}) =>
    new ImageCache(backend, {maxAgeMs: 7 * DAY, refresh: false, provision: provisionInContainer(backend, options.network), usedDir, ...extra});
  const plan = (s: BuildSpec) => planCache(s)!;
  try {
    const {log, records} = memoryLogger();
    const first = make();
    const [one, two] = await Promise.all([first.imageFor(a, plan(a), {log}), first.imageFor(a, plan(a), {log})]);
    // Each level provisioned once and shared once (which build provisions the second level is a race).
    for (const i of [0, 1]) expect([one.report.levels[i]!.status, two.report.levels[i]!.status].sort()).toEqual(['hit', 'miss']);
    expect(records.filter((r) => String(r.msg).startsWith('provisioning the')).length).toBe(2);
    expect(one.image).toBe(`${cacheRepository(a.profile.name)}:${one.report.levels[1]!.key}`);

    const image = await backend.inspectImage(one.image, {log});
    expect(image?.labels).toMatchObject({[CACHE_LABEL]: one.report.levels[1]!.key, [`${CACHE_LABEL}.profile`]: a.profile.name, [`${CACHE_LABEL}.level`]: 'deps'});
    expect(JSON.parse(image!.labels[`${CACHE_LABEL}.inputs`]!)).toEqual({build_deps: ['dep-one']});
    const listed = await cacheImages(backend, a.profile.name);
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(CACHE_SECRET);
    expect(listed.flatMap((i) => i.references).filter((r) => r.includes(':tmp-'))).toEqual([]);

    // The image holds what provisioning made, and not the script (which named the credential).
    await withContainer(backend, {image: one.image, build: 'cache-it-check', network: options.network}, {log}, async (c) => {
      const r = await backend.run(c, ['sh', '-c', 'cat /build-deps; test -f /provisioned && echo provisioned; test -e /vdist && echo has-vdist || true'], {log});
      expect(r.stdout.split('\n')).toEqual(['dep-one', 'provisioned']);
    });

    const again = await make().imageFor(a, plan(a), {log});
    expect(again.report.levels.map((l) => l.status)).toEqual(['hit', 'hit']);
    expect(again.image).toBe(one.image);

    const deps = await make().imageFor(b, plan(b), {log});
    expect(deps.report.levels.map((l) => l.status)).toEqual(['hit', 'miss']);
    expect(deps.report.levels[0]!.key).toBe(one.report.levels[0]!.key);

    if (!options.short) await replaceAndAge(make, plan, a, image!.id, one.report.levels[0]!.reference, backend, log);

    const failed = await make().imageFor(failing, plan(failing), {log}).catch((e: unknown) => e);

    expect(failed).toMatchObject({step: 'provision'});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 3000);
    const interrupted = await make().imageFor(hanging, plan(hanging), {log, signal: controller.signal}).catch((e: unknown) => e);
    expect((interrupted as Error).constructor.name).toBe('InterruptedError');

    const left = await cacheImages(backend, a.profile.name);
    const deps2 = left.filter((i) => i.labels[`${CACHE_LABEL}.level`] === 'deps').map((i) => JSON.parse(i.labels[`${CACHE_LABEL}.inputs`]!).build_deps);
    expect(deps2.flat()).not.toContain('fail-now');
    expect(deps2.flat()).not.toContain('sleep-now');
    expect(left.flatMap((i) => i.references).filter((r) => r.includes(':tmp-'))).toEqual([]);
    const containers = (await backend.listLabelled({log})).map((c) => c.name);
    expect(containers.filter((n) => n.startsWith('vdist-cache-it'))).toEqual([]);

    // A temporary name that a killed provisioning of this host left is removed at the next build's start; a live one's stays.
    const live = temporaryReference(a.profile.name, one.report.levels[1]!.key);
    const dead = live.replace(new RegExp(`-${process.pid}(-[0-9a-f]{8})$`), `-${await deadPid()}$1`);
    for (const reference of [live, dead]) await backend.tagImage(one.image, reference, {log});
    expect(await reapDeadProvisionings(backend, log)).toEqual([dead]);
    expect(await backend.listReferences!(`${cacheRepository(a.profile.name)}:tmp-*`, {log})).toEqual([live]);
    await backend.removeImage(live, {log});
  } finally {
    const {log} = memoryLogger();
    // Children first: a level's parent cannot go while the level is there.
    const mine = await cacheImages(backend, a.profile.name);
    for (const level of ['deps', 'python']) {
      for (const i of mine.filter((x) => x.labels[`${CACHE_LABEL}.level`] === level)) {
        for (const r of i.references) await backend.removeImage(r, {log});
        await backend.removeImage(i.id, {log});
      }
    }
    await specs.dispose();
    await rm(usedDir, {recursive: true, force: true});
  }
}

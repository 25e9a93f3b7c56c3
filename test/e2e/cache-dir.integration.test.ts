import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {freshStorage} from '../helpers/oci-registry.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, podman, runVdist} from './support.js';

const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});
const TINY = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/templates/cache/tiny.sh');

type Summary = {builds: Array<{status: string; cache?: {status: string; levels: Array<{level: string; key: string; status: string}>}}>};

/**
 * A CI cache directory instead of a registry: `vdist cache export` on one
 * runner, `--cache-dir` on a fresh one (its own storage, an empty
 * VDIST_CACHE_DIR) that then provisions nothing, and exports incrementally.
 */
describe.skipIf(skip)('provisioned-image cache through a CI cache directory (podman)', () => {
  let dir: string;
  let baseArchive: string;
  const profile = `cache-dir-${process.pid}`;
  const disposals: Array<() => Promise<void>> = [];
  const runner = async () => {
    const storage = await freshStorage(baseArchive, {CONTAINERS_CONF});
    disposals.push(storage.dispose);
    return {CONTAINERS_STORAGE_CONF: storage.conf, VDIST_CACHE_DIR: await mkdtemp(join(dir, 'vdist-cache-'))};
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-cache-dir-'));
    baseArchive = join(dir, 'base.tar');
    const saved = await podman(['save', '--format', 'oci-archive', '--output', baseArchive, BOOKWORM_IMAGE]);
    if (saved.exitCode !== 0) throw new Error(saved.stderr);
    await mkdir(join(dir, 'buildprofiles'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src/app.txt'), 'hello\n');
    await copyFile(TINY, join(dir, 'buildprofiles/tiny.sh'));
    await writeFile(join(dir, 'buildprofiles/profiles.json'), JSON.stringify({[profile]: {docker_image: BOOKWORM_IMAGE, script: 'tiny.sh', format: 'deb'}}));
    await writeFile(join(dir, 'vdist.toml'), `[[build]]\nname = "cache-dir"\napp = "cachedir"\nversion = "1.0"\nlicense = "MIT"\nsource = { directory = "src" }\nprofile = "${profile}"\ncompile_python = false\n`);
  }, 300_000);

  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => {});
    if (dir) await rm(dir, {recursive: true, force: true});
  }, 300_000);

  it('export on one runner, --cache-dir on a fresh one: a hit, nothing provisioned, and nothing written again', async () => {
    const first = await runner();
    const cold = await runVdist(['build', '--json', '--backend', 'podman'], {cwd: dir, env: first});
    expect(cold.exitCode, cold.stderr.slice(-2000)).toBe(0);
    const key = (JSON.parse(cold.stdout) as Summary).builds[0]!.cache!.levels[0]!.key;
    const cacheDir = join(dir, 'ci-cache');
    await mkdir(join(cacheDir, 'images'), {recursive: true});
    await writeFile(join(cacheDir, 'images', `${profile}-${'0'.repeat(32)}.tar`), 'a level no build uses any more');
    const exported = await runVdist(['cache', 'export', cacheDir, '--json', '--backend', 'podman'], {cwd: dir, env: first});
    expect(exported.exitCode, exported.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(exported.stdout) as {written: string[]; dropped: string[]};
    expect(report.written).toContain(`images/${profile}-${key}.tar`);
    expect(report.dropped).toEqual([`images/${profile}-${'0'.repeat(32)}.tar`]);
    const archive = join(cacheDir, 'images', `${profile}-${key}.tar`);
    const writtenAt = (await stat(archive)).mtimeMs;

    const fresh = await runner();
    const warm = await runVdist(['build', '--json', '--backend', 'podman', '--cache-dir', cacheDir], {cwd: dir, env: fresh});
    expect(warm.exitCode, warm.stderr.slice(-2000)).toBe(0);
    expect((JSON.parse(warm.stdout) as Summary).builds[0]!.cache).toMatchObject({status: 'hit', levels: [{key, status: 'hit'}]});
    const log = await readFile(join(dir, 'dist/logs/cache-dir.log'), 'utf8');
    expect(log).not.toContain('provisioning the python level');
    // The import is the run's, before any build: its line is in the run's log (stderr with --json), not the build's.
    expect(warm.stderr).toContain(`importing localhost/vdist-cache/${profile}:${key}`);
    expect(log).not.toContain('"level":40');
    // The export after the build found the level already there: the archive was not written again.
    expect((await stat(archive)).mtimeMs).toBe(writtenAt);
    expect((await readdir(join(cacheDir, 'images'))).sort()).toEqual([`${profile}-${key}.tar`]);
  }, 900_000);
});

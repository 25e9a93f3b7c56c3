import {rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {freshStorage, startTestRegistry, type TestRegistry} from '../test/helpers/oci-registry.js';
import {startPyIndex, type PyIndex} from '../test/helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, exampleProject, exampleToml, podman, runVdist} from '../test/e2e/support.js';

// Fresh CI runners (each its own empty engine storage holding only the base
// image, and an empty VDIST_CACHE_DIR) building the system-python example, in a row:
//   cold      no registry: every level provisioned
//   push      an empty registry and --cache-push: provisioned, then pushed (the main branch's first job)
//   fresh     the registry holds the levels: pulled, nothing provisioned (every later job)
//   by hand   `podman pull` of the same levels into another fresh storage, for the pull's own cost
//
//   npm run build && npx vitest run --config bench/registry.vitest.config.ts
// Needs podman, docker-registry, skopeo, htpasswd (scripts/setup-host.sh); the registry runs on 127.0.0.1.
type Row = {run: string; seconds: number; cache: string};

describe('registry cache benchmark', () => {
  let index: PyIndex;
  let registry: TestRegistry;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let baseArchive: string;
  let auth: string;
  let levels: string[] = [];
  const disposals: Array<() => Promise<void>> = [];
  const results: Row[] = [];
  const name = `bench-registry-${process.pid}`;

  const runner = async () => {
    const storage = await freshStorage(baseArchive, {CONTAINERS_CONF});
    disposals.push(storage.dispose);
    const cache = join(project.dir, `vdist-cache-${disposals.length}`);
    return {CONTAINERS_STORAGE_CONF: storage.conf, VDIST_CACHE_DIR: cache, REGISTRY_AUTH_FILE: auth};
  };

  beforeAll(async () => {
    index = await startPyIndex();
    registry = await startTestRegistry();
    auth = await registry.authFile();
    const settings = 'compile_python = false\nruntime_deps = ["python3"]\nbuild_deps = ["gcc", "libc6-dev", "zlib1g-dev"]';
    project = await exampleProject(exampleToml(name, `pip_args = "--index-url ${index.indexUrl}"\n${settings}`));
    baseArchive = join(project.dir, 'base.tar');
    const saved = await podman(['save', '--format', 'oci-archive', '--output', baseArchive, BOOKWORM_IMAGE]);
    if (saved.exitCode !== 0) throw new Error(saved.stderr);
  });

  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => {});
    await registry?.dispose();
    await index?.stop();
    await project?.dispose();
    if (results.length === 0) return;
    const table = ['| run | total s | cache |', '|---|---|---|', ...results.map((r) => `| ${r.run} | ${r.seconds} | ${r.cache} |`)].join('\n');
    const file = join(tmpdir(), 'vdist-registry-bench.md');
    await writeFile(file, `${table}\n`);
    console.log(`\n${table}\n\n(also in ${file})`);
  });

  const timedBuild = async (run: string, args: string[]) => {
    const env = await runner();
    const started = performance.now();
    const r = await runVdist(['build', '--json', '--backend', 'podman', ...args], {cwd: project.dir, env});
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const cache = (JSON.parse(r.stdout) as {builds: Array<{cache: {levels: Array<{level: string; status: string; source?: string; reference: string}>}}>}).builds[0]!.cache;
    results.push({run, seconds, cache: cache.levels.map((l) => `${l.level} ${l.status}${l.source ? ` (${l.source})` : ''}`).join(', ')});
    return cache;
  };

  it('cold, push, fresh runner', async () => {
    const reference = `${registry.host}/team/vdist-cache`;
    await timedBuild('cold (no registry)', []);
    const pushed = await timedBuild('push (empty registry, --cache-push)', ['--cache-registry', reference, '--cache-push']);
    levels = pushed.levels.map((l) => l.reference.replace('localhost/vdist-cache', reference));
    const fresh = await timedBuild('fresh runner (registry holds the levels)', ['--cache-registry', reference]);
    expect(fresh.levels.every((l) => l.source === 'registry')).toBe(true);

    const env = await runner();
    const started = performance.now();
    for (const level of levels) {
      const pulled = await execa('podman', ['pull', '--quiet', level], {env: {CONTAINERS_CONF, ...env}, reject: false, timeout: 900_000});
      expect(pulled.exitCode, pulled.stderr).toBe(0);
    }
    results.push({run: 'podman pull of the same levels by hand', seconds: Math.round((performance.now() - started) / 100) / 10, cache: '-'});
    await rm(baseArchive, {force: true});
  });
});

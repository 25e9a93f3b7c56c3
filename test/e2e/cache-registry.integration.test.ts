import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason, unavailable} from '../helpers/engines.js';
import {freePort, freshStorage, startTestRegistry, type TestRegistry} from '../helpers/oci-registry.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, podman, runVdist} from './support.js';

const engines = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});
const tools = engines ?? (await engineSkipReason('docker-registry, skopeo and htpasswd (scripts/setup-host.sh)', ['sh', '-c', 'command -v docker-registry && command -v skopeo && command -v htpasswd']));
const skip = engines ?? tools;
const TINY = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/templates/cache/tiny.sh');

type Level = {level: string; key: string; status: string; source?: string};
type Summary = {builds: Array<{status: string; cache?: {status: string; levels: Level[]}; packageFile?: string}>};

/**
 * The provisioned-image cache shared through a real registry (TLS, htpasswd),
 * with whole vdist processes and the tiny staged profile: a build on the
 * shared storage pushes, a fresh runner (its own storage, an empty
 * VDIST_CACHE_DIR) pulls, and a registry that fails costs one warning.
 */
describe.skipIf(skip)('provisioned-image cache shared through an OCI registry (podman)', () => {
  let registry: TestRegistry;
  let dir: string;
  let baseArchive: string;
  let repository: string;
  const profile = `cache-reg-${process.pid}`;
  const other = `cache-reg-other-${process.pid}`;
  const disposals: Array<() => Promise<void>> = [];
  let pushedKey = '';
  let provisioned = '';

  /** One vdist build in `dir`, JSON summary and the build's log. */
  const build = async (args: string[], env: Record<string, string>, toml = 'vdist.toml') => {
    const r = await runVdist(['build', '--json', '--backend', 'podman', '-c', toml, ...args], {cwd: dir, env});
    const log = await readFile(join(dir, 'dist/logs/cache-reg.log'), 'utf8').catch(() => '');
    return {r, log, summary: r.exitCode === 0 ? (JSON.parse(r.stdout) as Summary) : undefined};
  };
  /** What the package's /provisioned file says: the provisioning run's own timestamp. */
  const provisionedIn = async (deb: string) => {
    const out = await mkdtemp(join(tmpdir(), 'vdist-reg-deb-'));
    try {
      await execa('dpkg-deb', ['-x', deb, out]);
      return (await readFile(join(out, 'opt/cachereg/provisioned'), 'utf8')).trim();
    } finally {
      await rm(out, {recursive: true, force: true});
    }
  };
  /** A fresh runner: its own engine storage holding only the base image, and an empty vdist cache dir. */
  const freshRunner = async (auth: string) => {
    const storage = await freshStorage(baseArchive, {CONTAINERS_CONF});
    disposals.push(storage.dispose);
    const cache = await mkdtemp(join(dir, 'cache-'));
    return {CONTAINERS_STORAGE_CONF: storage.conf, VDIST_CACHE_DIR: cache, REGISTRY_AUTH_FILE: auth};
  };
  const warnings = (log: string) => log.split('\n').filter((l) => l.includes('"level":40')).map((l) => (JSON.parse(l) as {msg: string}).msg);

  beforeAll(async () => {
    registry = await startTestRegistry();
    repository = `${registry.host}/team/vdist-cache`;
    dir = await mkdtemp(join(tmpdir(), 'vdist-cache-reg-'));
    baseArchive = join(dir, 'base.tar');
    const saved = await podman(['save', '--format', 'oci-archive', '--output', baseArchive, BOOKWORM_IMAGE]);
    if (saved.exitCode !== 0) throw new Error(`podman save: ${saved.stderr}`);
    await mkdir(join(dir, 'buildprofiles'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src/app.txt'), 'hello\n');
    await copyFile(TINY, join(dir, 'buildprofiles/tiny.sh'));
    // The other profile's script differs by one line, so its level has a key of its own.
    await writeFile(join(dir, 'buildprofiles/other.sh'), (await readFile(TINY, 'utf8')).replace('sleep 3', 'sleep 2'));
    await writeFile(
      join(dir, 'buildprofiles/profiles.json'),
      JSON.stringify({[profile]: {docker_image: BOOKWORM_IMAGE, script: 'tiny.sh', format: 'deb'}, [other]: {docker_image: BOOKWORM_IMAGE, script: 'other.sh', format: 'deb'}}),
    );
    const toml = (p: string) => `[vdist]\ncache_registry = "${repository}"\n\n[[build]]\nname = "cache-reg"\napp = "cachereg"\nversion = "1.0"\nlicense = "MIT"\nsource = { directory = "src" }\nprofile = "${p}"\ncompile_python = false\n`;
    await writeFile(join(dir, 'vdist.toml'), toml(profile));
    await writeFile(join(dir, 'other.toml'), toml(other));
  }, 300_000);

  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => {});
    if (dir) for (const p of [profile, other]) await runVdist(['cache', 'prune', '--all', '--profile', p, '--backend', 'podman'], {cwd: dir, env: {VDIST_CACHE_DIR: join(dir, 'cache')}});
    await registry?.dispose();
    if (dir) await rm(dir, {recursive: true, force: true});
  }, 300_000);

  it('a build with --cache-push provisions and pushes its level under its key; pushing is off by default', async () => {
    const auth = await registry.authFile();
    const env = {VDIST_CACHE_DIR: join(dir, 'cache'), REGISTRY_AUTH_FILE: auth};
    const {r, log, summary} = await build(['--cache-push'], env);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const level = summary!.builds[0]!.cache!.levels[0]!;
    expect(level).toMatchObject({level: 'python', status: 'miss', source: 'pushed'});
    pushedKey = level.key;
    provisioned = await provisionedIn(summary!.builds[0]!.packageFile!);
    expect(await registry.digest(`team/vdist-cache/${profile}:${pushedKey}`)).toMatch(/^sha256:/);
    expect(warnings(log)).toEqual([]);
    const inspected = await execa('skopeo', ['inspect', '--authfile', auth, '--config', `docker://${repository}/${profile}:${pushedKey}`], {reject: false});
    expect(inspected.exitCode, inspected.stderr).toBe(0);
    expect((JSON.parse(inspected.stdout) as {config: {Labels: Record<string, string>}}).config.Labels['io.github.vdist.cache']).toBe(pushedKey);
    // The login stays the engine's: no password in the log, the output or the labels.
    for (const text of [log, r.stdout, r.stderr, inspected.stdout]) expect(text).not.toContain(registry.password);
  }, 600_000);

  it('a fresh runner pulls the level instead of provisioning it, with the same key, and does not push', async () => {
    const env = await freshRunner(await registry.authFile());
    const {r, log, summary} = await build([], env);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    expect(summary!.builds[0]!.cache).toMatchObject({status: 'hit', levels: [{level: 'python', key: pushedKey, status: 'hit', source: 'registry'}]});
    expect(log).not.toContain('provisioning the python level');
    // The package holds what the first runner's provisioning wrote: the level really came from the registry.
    expect(await provisionedIn(summary!.builds[0]!.packageFile!)).toBe(provisioned);
    const local = await execa('podman', ['image', 'exists', `localhost/vdist-cache/${profile}:${pushedKey}`], {env: {...env, CONTAINERS_CONF}, reject: false});
    expect(local.exitCode).toBe(0);
    expect(warnings(log)).toEqual([]);
    for (const text of [log, r.stdout, r.stderr]) expect(text).not.toContain(registry.password);
  }, 600_000);

  it('never overwrites a tag: --no-cache --cache-push provisions again and leaves the registry as it was', async () => {
    const before = await registry.digest(`team/vdist-cache/${profile}:${pushedKey}`);
    const env = await freshRunner(await registry.authFile());
    const {r, log, summary} = await build(['--no-cache', '--cache-push'], env);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    expect(summary!.builds[0]!.cache!.levels[0]).toMatchObject({key: pushedKey, status: 'miss'});
    expect(summary!.builds[0]!.cache!.levels[0]!.source).toBeUndefined();
    expect(log).toContain('not pushed again');
    expect(await provisionedIn(summary!.builds[0]!.packageFile!)).not.toBe(provisioned);
    expect(await registry.digest(`team/vdist-cache/${profile}:${pushedKey}`)).toBe(before);
  }, 600_000);

  it('refuses an image whose labels name another key, with a warning, and provisions the level itself', async () => {
    const auth = await registry.authFile();
    const env = await freshRunner(auth);
    const dry = await runVdist(['build', '--dry-run', '--json', '--backend', 'podman', '-c', 'other.toml'], {cwd: dir, env});
    expect(dry.exitCode, dry.stderr).toBe(0);
    const otherKey = (JSON.parse(dry.stdout) as {builds: Array<{cache: {levels: Level[]}}>}).builds[0]!.cache.levels[0]!.key;
    expect(otherKey).toMatch(/^[0-9a-f]{32}$/);
    expect(otherKey).not.toBe(pushedKey);
    // Someone pushed the first profile's level under the other one's key.
    const copied = await execa('skopeo', ['copy', '--authfile', auth, `docker://${repository}/${profile}:${pushedKey}`, `docker://${repository}/${other}:${otherKey}`], {reject: false, timeout: 300_000});
    expect(copied.exitCode, copied.stderr).toBe(0);
    const {r, log, summary} = await build(['--cache-push'], env, 'other.toml');
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    expect(summary!.builds[0]!.cache!.levels[0]).toMatchObject({key: otherKey, status: 'miss'});
    const said = warnings(log);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`refused ${repository}/${other}:${otherKey}`);
    expect(said[0]).toContain(pushedKey);
    expect(log).toContain('provisioning the python level');
    expect(await provisionedIn(summary!.builds[0]!.packageFile!)).not.toBe(provisioned);
    const gone = await execa('podman', ['image', 'exists', `${repository}/${other}:${otherKey}`], {env: {...env, CONTAINERS_CONF}, reject: false});
    expect(gone.exitCode).toBe(1);
  }, 600_000);

  it('a wrong password costs one warning and a local build, and shows the password nowhere', async () => {
    const wrong = `wr0ng-pw-${process.pid}`;
    const env = await freshRunner(await registry.authFile(wrong));
    const {r, log, summary} = await build(['--cache-push'], env);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    expect(summary!.builds[0]!.cache!.levels[0]).toMatchObject({key: pushedKey, status: 'miss'});
    const said = warnings(log);
    expect(said, log.slice(-3000)).toHaveLength(1);
    expect(said[0]).toMatch(/cache registry .* could not be asked .*(unauthorized|authentication)/i);
    for (const text of [log, r.stdout, r.stderr]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(Buffer.from(`${registry.user}:${wrong}`).toString('base64'));
    }
  }, 600_000);

  it('a stopped registry, or one that never answers, costs one warning and a local build', async () => {
    const auth = await registry.authFile();
    const env = await freshRunner(auth);
    const stopped = `127.0.0.1:${await freePort()}/team/vdist-cache`;
    const down = await build(['--cache-registry', stopped, '--cache-push'], env);
    expect(down.r.exitCode, down.r.stderr.slice(-2000)).toBe(0);
    expect(warnings(down.log)).toHaveLength(1);
    expect(warnings(down.log)[0]).toMatch(/connection refused/i);

    // A server that accepts connections and says nothing: the lookup's bound (30 s) ends the wait.
    const {createServer} = await import('node:net');
    const held: Array<import('node:net').Socket> = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const port = (silent.address() as {port: number}).port;
      const started = Date.now();
      const hung = await build(['--cache-registry', `127.0.0.1:${port}/team/vdist-cache`], await freshRunner(auth));
      expect(hung.r.exitCode, hung.r.stderr.slice(-2000)).toBe(0);
      expect(warnings(hung.log)).toHaveLength(1);
      // skopeo's own TLS handshake timeout, or the lookup's bound: either way a wait that ended.
      expect(warnings(hung.log)[0]).toMatch(/timed out|timeout/i);
      expect(Date.now() - started).toBeLessThan(180_000);
    } finally {
      for (const s of held) s.destroy();
      silent.close();
    }
  }, 600_000);
});

/** Flags that name a registry badly fail before anything runs. */
describe('--cache-registry', () => {
  it('refuses a reference with a scheme or credentials, naming the flag (exit 2)', async () => {
    const reason = await unavailable(['test', '-d', join(dirname(fileURLToPath(import.meta.url)), '../../lib/commands')]);
    expect(reason, 'run `npm run build` first').toBeUndefined();
    const cwd = await mkdtemp(join(tmpdir(), 'vdist-reg-flag-'));
    try {
      await writeFile(join(cwd, 'vdist.toml'), '[[build]]\napp = "flagapp"\nversion = "1"\nsource = { directory = "." }\nprofile = "debian-bookworm"\n');
      const r = await runVdist(['build', '--cache-registry', 'https://user:pw@registry.example.com/team'], {cwd});
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('--cache-registry');
      expect(r.stderr).not.toContain('user:pw');
    } finally {
      await rm(cwd, {recursive: true, force: true});
    }
  });
});

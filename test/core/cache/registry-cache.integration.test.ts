import {createReadStream} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {BuildahBackend} from '../../../src/backends/buildah.js';
import {DockerBackend} from '../../../src/backends/docker.js';
import {memoryLogger, TEST_IMAGE} from '../../helpers/backend-scenario.js';
import {startDaemon, unmountUnder, type Daemon} from '../../helpers/daemon.js';
import {CONTAINERS_CONF, engineSkipReason} from '../../helpers/engines.js';
import {freshStorage, startTestRegistry, type TestRegistry} from '../../helpers/oci-registry.js';
import {runRegistryScenario} from '../../helpers/registry-scenario.js';

const ROOTFS = '/var/cache/vdist-test/debian-bookworm-rootfs.tar';
const tools = await engineSkipReason('docker-registry, skopeo and htpasswd (scripts/setup-host.sh)', ['sh', '-c', 'command -v docker-registry && command -v skopeo && command -v htpasswd']);
const buildah = tools ?? (await engineSkipReason('buildah', ['buildah', 'inspect', '--type', 'image', TEST_IMAGE], {CONTAINERS_CONF}));
const docker =
  tools ??
  (await engineSkipReason('dockerd', ['dockerd', '--version'])) ??
  (await engineSkipReason('the bookworm rootfs tar (scripts/setup-host.sh makes it)', ['test', '-s', ROOTFS]));

let registry: TestRegistry;
let dir: string;
beforeAll(async () => {
  if (buildah && docker) return;
  registry = await startTestRegistry();
  dir = await mkdtemp(join(tmpdir(), 'vdist-registry-it-'));
}, 120_000);
afterAll(async () => {
  await registry?.dispose();
  if (dir) {
    await unmountUnder(dir);
    await rm(dir, {recursive: true, force: true});
  }
}, 120_000);

describe.skipIf(buildah)('cache registry with buildah', () => {
  it('pushes both levels from one storage and pulls them into a fresh one, same keys and IDs', async () => {
    const auth = await registry.authFile();
    const archive = join(dir, 'base.tar');
    const {execa} = await import('execa');
    await execa('podman', ['save', '--format', 'oci-archive', '--output', archive, TEST_IMAGE], {env: {CONTAINERS_CONF}, timeout: 300_000});
    const storages: Array<() => Promise<void>> = [];
    const runner = async () => {
      const storage = await freshStorage(archive, {CONTAINERS_CONF});
      storages.push(storage.dispose);
      return new BuildahBackend({isolation: 'chroot', env: {...process.env, CONTAINERS_CONF, CONTAINERS_STORAGE_CONF: storage.conf, REGISTRY_AUTH_FILE: auth}});
    };
    try {
      await runRegistryScenario(await runner(), runner, registry);
    } finally {
      for (const dispose of storages) await dispose();
    }
  }, 600_000);
});

describe.skipIf(docker)('cache registry with docker (a private dockerd)', () => {
  let daemon: Daemon;
  let env: Record<string, string>;

  beforeAll(async () => {
    const root = join(dir, 'dockerd');
    await mkdir(join(root, 'config'), {recursive: true});
    const socket = `unix://${join(root, 'docker.sock')}`;
    // docker's own login file: the CLI hands the credential to the daemon, skopeo reads the same file.
    await writeFile(join(root, 'config', 'config.json'), JSON.stringify({auths: {[registry.host]: {auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}}}));
    env = {DOCKER_HOST: socket, DOCKER_CONFIG: join(root, 'config')};
    daemon = await startDaemon(
      ['dockerd', '--host', socket, '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'docker.pid'), '--iptables=false', '--ip6tables=false', '--bridge=none', '--default-ulimit', 'nofile=1024:1024', '--default-ulimit', 'nproc=4096:4096'],
      ['docker', '--host', socket, 'info'],
      {logFile: join(root, 'dockerd.log'), timeoutMs: 90_000},
    );
    const {log} = memoryLogger();
    await new DockerBackend({env: {...process.env, ...env}}).importImage(createReadStream(ROOTFS), TEST_IMAGE, {log});
  }, 300_000);

  afterAll(async () => {
    await daemon?.stop();
  });

  it('pushes both levels, and pulls them back into the emptied daemon with the same keys and IDs', async () => {
    const backend = new DockerBackend({env: {...process.env, ...env}});
    // One daemon plays both runners: its copies of the levels are removed before the second one looks.
    const {removeCacheImages} = await import('../../helpers/registry-scenario.js');
    const {CACHE_LABEL} = await import('../../../src/core/cache/labels.js');
    const emptied = async () => {
      const {log} = memoryLogger();
      for (const i of await backend.listImages(CACHE_LABEL, {log})) await removeCacheImages(backend, i.labels[`${CACHE_LABEL}.profile`]!);
      return backend;
    };
    await runRegistryScenario(backend, emptied, registry, {network: 'host'});
  }, 600_000);
});


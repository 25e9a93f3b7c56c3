import {createReadStream, existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DockerBackend} from '../../src/backends/docker.js';
import {engineSkipReason} from '../helpers/engines.js';
import {memoryLogger, runScenario, TEST_IMAGE} from '../helpers/backend-scenario.js';
import {startDaemon, unmountUnder, type Daemon} from '../helpers/daemon.js';
import {runCacheScenario} from '../helpers/cache-scenario.js';

const ROOTFS = '/var/cache/vdist-test/debian-bookworm-rootfs.tar';
const skip =
  (await engineSkipReason('dockerd', ['dockerd', '--version'])) ??
  (await engineSkipReason('docker CLI', ['docker', '--version'])) ??
  (await engineSkipReason('the bookworm rootfs tar (scripts/setup-host.sh makes it)', ['test', '-s', ROOTFS]));

describe.skipIf(skip)('docker against a real dockerd started by the test', () => {
  let dir: string;
  let daemon: Daemon;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-dockerd-'));
    const socket = `unix://${join(dir, 'docker.sock')}`;
    env = {DOCKER_HOST: socket};
    // Its own socket, data and exec roots; no iptables or bridge so it leaves the host's network alone.
    daemon = await startDaemon(
      [
        'dockerd',
        '--host', socket,
        '--data-root', join(dir, 'data'),
        '--exec-root', join(dir, 'exec'),
        '--pidfile', join(dir, 'docker.pid'),
        '--iptables=false',
        '--ip6tables=false',
        '--bridge=none',
        '--default-ulimit', 'nofile=1024:1024',
        '--default-ulimit', 'nproc=4096:4096',
      ],
      ['docker', '--host', socket, 'info'],
      {logFile: join(dir, 'dockerd.log'), timeoutMs: 90_000},
    );
    const {log} = memoryLogger();
    await new DockerBackend({env}).importImage(createReadStream(ROOTFS), TEST_IMAGE, {log});
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) await unmountUnder(dir);
    if (dir && existsSync(dir)) await rm(dir, {recursive: true, force: true});
  });

  it('runs the scenario (host network: the daemon has no bridge)', async () => {
    await runScenario(new DockerBackend({env}), {network: 'host'});
  });

  it('caches provisioned images in the daemon: miss, hit, shared, replaced, nothing left behind', async () => {
    await runCacheScenario(new DockerBackend({env}), {network: 'host'});
  }, 300_000);
});

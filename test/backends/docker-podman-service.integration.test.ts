import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {DockerBackend} from '../../src/backends/docker.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {engineSkipReason} from '../helpers/engines.js';
import {runScenario} from '../helpers/backend-scenario.js';
import {runCacheScenario} from '../helpers/cache-scenario.js';
import {startDaemon, type Daemon} from '../helpers/daemon.js';

process.env.CONTAINERS_CONF = join(dirname(fileURLToPath(import.meta.url)), '../containers.conf');
const skip =
  (await engineSkipReason('podman (root)', ['podman', 'image', 'exists', 'docker.io/library/debian:bookworm'])) ??
  (await engineSkipReason('docker CLI', ['docker', '--version']));

describe.skipIf(skip)('against `podman system service`', () => {
  let dir: string;
  let service: Daemon;
  let socket: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-svc-'));
    socket = `unix://${join(dir, 'api.sock')}`;
    service = await startDaemon(['podman', 'system', 'service', '--time=0', socket], ['podman', '--url', socket, 'version'], {
      logFile: join(dir, 'service.log'),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await rm(dir, {recursive: true, force: true});
  });

  it('the docker CLI through DOCKER_HOST runs the scenario', async () => {
    await runScenario(new DockerBackend({env: {DOCKER_HOST: socket}}));
  });

  it('podman --url runs the scenario as a remote engine', async () => {
    await runScenario(new PodmanBackend({url: socket}));
  });

  it('podman --url keeps the provisioned-image cache in the remote engine (short scenario)', async () => {
    await runCacheScenario(new PodmanBackend({url: socket}), {short: true});
  }, 300_000);

  it('podman with CONTAINER_HOST in its environment runs the scenario remotely', async () => {
    // Proof that the variable really made podman a client of the service.
    const remote = await execa('podman', ['info', '--format', '{{.Host.ServiceIsRemote}}'], {env: {CONTAINER_HOST: socket}});
    expect(remote.stdout.trim()).toBe('true');
    await runScenario(new PodmanBackend({env: {CONTAINER_HOST: socket}}));
  });
});

import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PodmanBackend} from '../../src/backends/podman.js';
import {engineSkipReason} from '../helpers/engines.js';
import {runScenario, TEST_IMAGE} from '../helpers/backend-scenario.js';
import {importRootfsAsUser, rootlessPodmanCommand} from '../helpers/rootless-user.js';
import {runCacheScenario} from '../helpers/cache-scenario.js';

const CONF = join(dirname(fileURLToPath(import.meta.url)), '../containers.conf');
const ROOTFS = '/var/cache/vdist-test/debian-bookworm-rootfs.tar';
const skip =
  (await engineSkipReason('podman', ['podman', '--version'])) ??
  (await engineSkipReason('root (to create the unprivileged test user)', ['test', String(process.getuid?.()), '=', '0'])) ??
  (await engineSkipReason('the bookworm rootfs tar (scripts/setup-host.sh makes it)', ['test', '-s', ROOTFS]));

describe.skipIf(skip)('podman rootless, as an unprivileged user with subuid/subgid', () => {
  let command: string[];

  beforeAll(async () => {
    command = await rootlessPodmanCommand(CONF);
    await importRootfsAsUser(command, ROOTFS, TEST_IMAGE);
  });

  it('reports itself rootless with the vfs driver', async () => {
    const probe = await new PodmanBackend({command}).probe();
    expect(probe).toMatchObject({ok: true, rootless: true, storageDriver: 'vfs'});
  });

  it('runs the scenario (host network: /dev/net/tun is root-only here)', async () => {
    await runScenario(new PodmanBackend({command}), {network: 'host'});
  });

  it('caches provisioned images in the user\'s storage: miss, hit, shared, replaced, nothing left behind', async () => {
    // vfs copies the whole image on every commit: the short scenario (the other engines run the long one).
    await runCacheScenario(new PodmanBackend({command}), {network: 'host', short: true});
  }, 300_000);
});

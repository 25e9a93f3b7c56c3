import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PodmanBackend} from '../../../src/backends/podman.js';
import {engineSkipReason} from '../../helpers/engines.js';
import {TEST_IMAGE} from '../../helpers/backend-scenario.js';
import {runCacheScenario} from '../../helpers/cache-scenario.js';

process.env.CONTAINERS_CONF = join(dirname(fileURLToPath(import.meta.url)), '../../containers.conf');
const skip = await engineSkipReason('podman (root)', ['podman', 'image', 'exists', TEST_IMAGE]);

describe.skipIf(skip)('provisioned-image cache on podman as root', () => {
  it('misses, hits, shares, replaces, and leaves nothing behind a failure or an interrupt', async () => {
    await runCacheScenario(new PodmanBackend());
  }, 300_000);
});

import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {engineSkipReason} from '../helpers/engines.js';
import {runScenario} from '../helpers/backend-scenario.js';
import {runCacheScenario} from '../helpers/cache-scenario.js';

process.env.CONTAINERS_CONF = join(dirname(fileURLToPath(import.meta.url)), '../containers.conf');
const skip = await engineSkipReason('buildah', ['buildah', 'inspect', '--type', 'image', 'docker.io/library/debian:bookworm']);

describe.skipIf(skip)('buildah with chroot isolation', () => {
  it('streams the source in, runs a script, streams results out, and removes the container', async () => {
    await runScenario(new BuildahBackend({isolation: 'chroot'}));
  });

  it('caches provisioned images: miss, hit, shared, replaced, nothing left behind', async () => {
    await runCacheScenario(new BuildahBackend({isolation: 'chroot'}));
  }, 300_000);
});

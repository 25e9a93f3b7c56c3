import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PodmanBackend} from '../../src/backends/podman.js';
import {engineSkipReason} from '../helpers/engines.js';
import {runScenario} from '../helpers/backend-scenario.js';

process.env.CONTAINERS_CONF = join(dirname(fileURLToPath(import.meta.url)), '../containers.conf');
const skip = await engineSkipReason('podman (root)', ['podman', 'image', 'exists', 'docker.io/library/debian:bookworm']);

describe.skipIf(skip)('podman as root', () => {
  it('streams the source in, runs a script, streams results out, and removes the container', async () => {
    await runScenario(new PodmanBackend());
  });
});

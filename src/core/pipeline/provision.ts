import type {Backend} from '../../backends/backend.js';
import {withContainer} from '../../backends/with-container.js';
import type {Provision} from '../cache/image-cache.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import {runBuildScript} from '../script/build-script.js';

/**
 * How a cache level is made in `backend`: a container from the level below,
 * the level's script run in it, then committed under the temporary name.
 */
export function provisionInContainer(backend: Backend, network?: string): Provision {
  return async ({spec, from, script, labels, temporary, committing}, ctx) => {
    await withContainer(backend, {image: from, arch: spec.arch, build: spec.name, network, labels}, ctx, async (container) => {
      // The prelude resolves the build root from the source dir, which provisioning does not get.
      await backend.run(container, ['mkdir', '-p', CONTAINER_PATHS.src], ctx);
      await runBuildScript(backend, container, script, ctx);
      // The script (which may name a credential) stays out of the image, and so does /vdist.
      await backend.run(container, ['rm', '-rf', CONTAINER_PATHS.root], ctx);
      committing();
      await backend.commit(container, temporary, ctx);
    });
  };
}

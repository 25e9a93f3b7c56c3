import {selectBackend} from '../../backends/registry.js';
import {describeError} from '../script/step.js';
import type {Logger} from '../log.js';
import type {BackendName, BuildSpec} from '../types.js';
import {ImageCache, type CacheReport} from './image-cache.js';
import {planCache} from './key.js';
import {RegistryCache, type RegistrySettings} from './registry-cache.js';

/** What `--dry-run` says about a build's cache: its report, or why it cannot tell. */
export type CachePreview = CacheReport | {status: 'unknown'; reason: string};

/**
 * Each build's cache keys and whether they would hit, without provisioning
 * anything. Needs an engine (for the base image's ID); without one every
 * build's preview is `unknown`, and the dry run goes on.
 */
export async function previewCaches(
  builds: readonly BuildSpec[],
  options: {backend?: BackendName; isolation?: 'chroot' | 'oci'; noCache: boolean; maxAgeMs: number; log: Logger; cacheRegistry?: RegistrySettings},
): Promise<CachePreview[]> {
  let cache: ImageCache;
  try {
    const {backend} = await selectBackend({flag: options.backend, isolation: options.isolation, log: options.log});
    const registry = options.cacheRegistry ? new RegistryCache(backend, options.cacheRegistry) : undefined;
    cache = new ImageCache(backend, {maxAgeMs: options.maxAgeMs, refresh: options.noCache, usedDir: '', ...(registry ? {registry} : {})});
  } catch (error) {
    const reason = `no engine to look in: ${describeError(error).split('\n')[0]}`;
    return builds.map(() => ({status: 'unknown', reason}));
  }
  const previews: CachePreview[] = [];
  for (const spec of builds) {
    const plan = planCache(spec);
    previews.push(plan ? await cache.peek(spec, plan, {log: options.log}) : {status: 'off', levels: []});
  }
  return previews;
}

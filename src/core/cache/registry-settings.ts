import {UsageError} from '../errors.js';
import {redact} from '../redact.js';
import type {ToolSettings} from '../types.js';
import type {RegistrySettings} from './registry-cache.js';

/** `host[:port]` then path parts, as image references spell them: no scheme, no credentials, no tag. */
export const REGISTRY_REFERENCE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export const REGISTRY_REFERENCE_HINT =
  'expected a registry and repository such as "registry.example.com/team/vdist-cache" (no scheme, no tag, no credentials: log in with the engine, e.g. podman login)';

/** When pushing is off unless asked for: pull-request jobs only read, and the job of a protected branch opts in. */
export const CACHE_PUSH_VALUES = ['always', 'never'] as const;
export type CachePush = (typeof CACHE_PUSH_VALUES)[number];

/** What `vdist build` flags may say about the registry cache. */
export interface RegistryFlags {
  'cache-registry'?: string;
  'cache-push'?: boolean;
}

/**
 * The registry the run shares its cache through: `--cache-registry` over
 * `[vdist] cache_registry`, `--cache-push`/`--no-cache-push` over
 * `cache_push` (default "never"). Undefined when none is named.
 */
export function registrySettings(settings: ToolSettings, flags: RegistryFlags): RegistrySettings | undefined {
  const reference = flags['cache-registry'] ?? settings.cache_registry;
  if (reference === undefined || reference === '') return undefined;
  if (!REGISTRY_REFERENCE.test(reference)) throw new UsageError(`--cache-registry "${redact(reference)}": ${REGISTRY_REFERENCE_HINT}`);
  return {
    reference,
    push: flags['cache-push'] ?? settings.cache_push === 'always',
    insecure: settings.cache_registry_insecure ?? false,
  };
}

import type {Arch} from '../arch.js';
import type {CacheReport} from '../cache/image-cache.js';
import type {PackageSigning} from '../signing/sign-package.js';
import type {BackendName} from '../types.js';
import type {RegistrySettings} from '../cache/registry-cache.js';

/** Options `vdist build` passes to the orchestrator (flags already merged over `[vdist]`). */
export interface BuildRunOptions {
  /** Build names to run (`--only`, repeatable); empty = all. */
  only: string[];
  jobs: number;
  outputDir: string;
  backend?: BackendName;
  network?: string;
  isolation?: 'chroot' | 'oci';
  /** Run each build's smoke_command after it succeeds. */
  smoke: boolean;
  signal: AbortSignal;
  /** `--no-cache`: provision every cache level again (replacing its entry) and leave pip's cache out. */
  noCache?: boolean;
  /** `[vdist] cache_max_age` in ms: older cache entries are provisioned again; 0 = never reuse. Default 7 days. */
  cacheMaxAgeMs?: number;
  /** `--cache-dir`: levels and pip caches are imported from it before the builds and exported to it after. */
  cacheDir?: string;
  /** The registry the provisioned-image cache is shared through (`--cache-registry`, `[vdist] cache_registry`). */
  cacheRegistry?: RegistrySettings;
  /** Longest one build may take, in ms (`--timeout`, `[vdist] timeout`); none when undefined. */
  timeoutMs?: number;
  /** binfmt_misc's directory, read to check emulation for foreign architectures (tests point it elsewhere). */
  binfmtDir?: string;
  /** Where SOURCE_DATE_EPOCH and engine settings (CONTAINERS_CONF, DOCKER_HOST ...) come from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Signs each rpm (and with `debs`, each .deb) as it is written (`--sign-key`, `[vdist] signing_key`); see src/core/signing. */
  signing?: PackageSigning;
}

/** One build's result: a tagged union, collected and summarised at the end. `arch` is the build's target architecture. */
export type BuildOutcome = {arch?: Arch} & (
  | {status: 'ok'; build: string; profile: string; packageFile: string; sizeBytes: number; durationMs: number; addedDeps: string[]; cache: CacheReport}
  | {status: 'failed'; build: string; profile: string; durationMs: number; step: string; error: string; tail: string[]; usage?: true; timeout?: true}
  | {status: 'interrupted'; build: string; profile: string; durationMs: number});

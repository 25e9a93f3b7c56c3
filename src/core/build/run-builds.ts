import type {Logger} from '../log.js';
import type {BackendName, LoadedConfig} from '../types.js';

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
}

/** One build's result: a tagged union, collected and summarised at the end. */
export type BuildOutcome =
  | {status: 'ok'; build: string; profile: string; packageFile: string; sizeBytes: number; durationMs: number; addedDeps: string[]}
  | {status: 'failed'; build: string; profile: string; durationMs: number; step: string; error: string; tail: string[]}
  | {status: 'interrupted'; build: string; profile: string; durationMs: number};

/**
 * Runs every selected build (p-map, bounded by jobs). One failing build does
 * not stop the others. Placeholder until the orchestrator lands.
 */
export async function runBuilds(_config: LoadedConfig, _options: BuildRunOptions, _log: Logger): Promise<BuildOutcome[]> {
  throw new Error('runBuilds: not implemented yet');
}

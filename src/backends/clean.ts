import type {Logger} from '../core/log.js';
import type {BackendName} from '../core/types.js';
import type {Backend, Container} from './backend.js';
import type {EngineOptions} from './engine-options.js';
import {OWNER_LABELS, ownership} from './ownership.js';
import {BACKEND_NAMES, createBackend} from './registry.js';

/** What `vdist clean` did for one engine. */
export interface CleanReport {
  engine: BackendName;
  available: boolean;
  /** Containers `rm` was asked to remove. */
  removed: string[];
  /** Labelled containers left alone: their run is still going, or they carry no owner (see ownership.ts). */
  kept: string[];
  /** Containers asked to go that are still there afterwards (should be none). */
  left: string[];
  reason?: string;
}

/**
 * `vdist clean`: in each engine that answers, remove the labelled containers
 * whose run is gone (see ownership()), or with `all` every labelled one.
 */
export async function cleanLabelled(
  log: Logger,
  engines: readonly BackendName[] = BACKEND_NAMES,
  options: EngineOptions = {},
  scope: {all?: boolean} = {},
): Promise<CleanReport[]> {
  const reports: CleanReport[] = [];
  for (const engine of engines) {
    const backend = createBackend(engine, options);
    const probe = await backend.probe();
    if (!probe.ok) {
      reports.push({engine, available: false, removed: [], kept: [], left: [], reason: probe.reason});
      continue;
    }
    const found = await backend.listLabelled({log});
    const doomed = scope.all ? found : found.filter((c) => ownership(c) === 'dead');
    const {removed, left} = await removeAll(backend, doomed, log);
    reports.push({engine, available: true, removed, kept: found.filter((c) => !doomed.includes(c)).map((c) => c.name), left});
  }
  return reports;
}

/** Removes `containers` and says which of them an engine still lists afterwards. */
export async function removeAll(backend: Backend, containers: Container[], log: Logger): Promise<{removed: string[]; left: string[]}> {
  for (const c of containers) await backend.remove(c, {log});
  if (containers.length === 0) return {removed: [], left: []};
  const still = new Set((await backend.listLabelled({log})).map((c) => c.id));
  return {removed: containers.map((c) => c.name), left: containers.filter((c) => still.has(c.id)).map((c) => c.name)};
}

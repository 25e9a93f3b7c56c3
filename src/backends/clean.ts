import type {Logger} from '../core/log.js';
import type {BackendName} from '../core/types.js';
import type {EngineOptions} from './engine-options.js';
import {BACKEND_NAMES, createBackend} from './registry.js';

/** What `vdist clean` did for one engine. */
export interface CleanReport {
  engine: BackendName;
  available: boolean;
  /** Containers `rm` was asked to remove. */
  removed: string[];
  /** Labelled containers still there afterwards (should be none). */
  left: string[];
  reason?: string;
}

/** Remove every container carrying the vdist label, in each engine that answers. */
export async function cleanLabelled(log: Logger, engines: readonly BackendName[] = BACKEND_NAMES, options: EngineOptions = {}): Promise<CleanReport[]> {
  const reports: CleanReport[] = [];
  for (const engine of engines) {
    const backend = createBackend(engine, options);
    const probe = await backend.probe();
    if (!probe.ok) {
      reports.push({engine, available: false, removed: [], left: [], reason: probe.reason});
      continue;
    }
    const found = await backend.listLabelled({log});
    for (const c of found) await backend.remove(c, {log});
    const left = (await backend.listLabelled({log})).map((c) => c.name);
    reports.push({engine, available: true, removed: found.map((c) => c.name), left});
  }
  return reports;
}

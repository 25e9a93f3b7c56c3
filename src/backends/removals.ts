import type {Backend, Container} from './backend.js';
import {cleanupOnCrash} from '../core/last-resort.js';
import type {Logger} from '../core/log.js';

const pending = new Set<Promise<void>>();

/**
 * Removes a container without making the caller wait: removing a build
 * container means deleting its writable layer, seconds for a tree with a
 * compiled CPython in it, and nothing after the build needs that done. The
 * run must call settleRemovals() before it exits.
 */
export function removeInBackground(backend: Backend, container: Container, log: Logger): void {
  const started = performance.now();
  let forget = () => {};
  // Called inside a then: a backend whose remove() throws instead of rejecting is reported the same way.
  const removal: Promise<void> = Promise.resolve()
    .then(() => backend.remove(container, {log}))
    .then(
      () => log.debug({container: container.name, durationMs: Math.round(performance.now() - started)}, `removed container ${container.name}`),
      (error: unknown) => log.warn(`could not remove container ${container.name}: ${(error as Error).message}`),
    )
    // A logger that throws (a terminal gone mid-line) must not turn the removal into an unhandled rejection.
    .catch(() => undefined)
    .finally(() => {
      pending.delete(removal);
      forget();
    });
  pending.add(removal);
  // A crash meanwhile waits for it (bounded) before exiting.
  forget = cleanupOnCrash(() => removal);
}

/** Waits for every background removal, including ones started while waiting. */
export async function settleRemovals(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

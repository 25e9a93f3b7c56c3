import type {Backend, Container} from './backend.js';
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
  const removal: Promise<void> = backend
    .remove(container, {log})
    .then(
      () => log.debug({container: container.name, durationMs: Math.round(performance.now() - started)}, `removed container ${container.name}`),
      (error: unknown) => log.warn(`could not remove container ${container.name}: ${(error as Error).message}`),
    )
    .finally(() => pending.delete(removal));
  pending.add(removal);
}

/** Waits for every background removal, including ones started while waiting. */
export async function settleRemovals(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

import {randomBytes} from 'node:crypto';
import type {Backend, Container, CreateOptions, RunContext} from './backend.js';
import {ownerLabels} from './ownership.js';
import {removeInBackground} from './removals.js';
import {cleanupOnCrash} from '../core/last-resort.js';
import type {Logger} from '../core/log.js';

/** `vdist-<build>-<random>`: the build name made safe for every engine's container-name rules. */
export function containerName(build: string): string {
  const safe = build.toLowerCase().replaceAll(/[^a-z0-9_.-]+/g, '-').replaceAll(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 40) || 'build';
  return `vdist-${safe}-${randomBytes(4).toString('hex')}`;
}

export interface WithContainerOptions extends Omit<CreateOptions, 'name'> {
  /** The build's name: part of the container name and its `vdist.build` label. */
  build: string;
  /**
   * Return as soon as `fn` is done and remove the container in the background
   * (see removals.ts), reporting on this logger: one that outlives the build's own log file.
   */
  removeInBackground?: Logger;
}

/**
 * Create a build container, hand it to `fn`, and remove it afterwards on
 * success, on failure and on abort (Ctrl-C). Removal ignores the signal, so
 * it still runs once everything else was cancelled. With
 * `removeInBackground`, the removal runs on while the caller goes on; the
 * run awaits it with settleRemovals() before exiting.
 */
export async function withContainer<T>(
  backend: Backend,
  options: WithContainerOptions,
  ctx: RunContext,
  fn: (container: Container) => Promise<T>,
): Promise<T> {
  const {build, removeInBackground: background, ...create} = options;
  const name = containerName(build);
  let container: Container;
  try {
    container = await backend.create({...create, name, labels: {'vdist.build': build, ...create.labels, ...ownerLabels()}}, ctx);
  } catch (error) {
    // Ctrl-C during create may leave a container the engine made but never reported: remove it by name.
    await backend.remove({id: name, name, backend: backend.name}, {log: ctx.log});
    throw error;
  }
  ctx.log.debug({container: container.name}, `created container ${container.name}`);
  // Should vdist die of an error nothing caught, the last-resort handler still removes it.
  const forget = cleanupOnCrash(() => backend.remove(container, {log: ctx.log}));
  try {
    return await fn(container);
  } finally {
    forget();
    if (background) removeInBackground(backend, container, background);
    else {
      await backend.remove(container, {log: ctx.log});
      ctx.log.debug({container: container.name}, `removed container ${container.name}`);
    }
  }
}

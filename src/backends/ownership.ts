import {randomUUID} from 'node:crypto';
import {hostname} from 'node:os';
import type {Container} from './backend.js';
import {pidAlive} from '../core/support/pid.js';

/**
 * The labels that tie a container to the vdist run that made it, so a
 * reaper can tell a dead run's leftovers from a live build's containers.
 */
export const OWNER_LABELS = {
  run: 'io.github.vdist.run',
  host: 'io.github.vdist.host',
  pid: 'io.github.vdist.pid',
  /** ISO time the container was made: the age of another host's leftovers. */
  started: 'io.github.vdist.started',
} as const;

/** A container of another host counts as left behind once it is this old. */
export const OTHER_HOST_MAX_AGE_MS = 60 * 60 * 1000;

/** This process's run id: one per vdist process. */
export const RUN_ID = randomUUID();

/** The ownership labels of a container made now by this process. */
export function ownerLabels(now = new Date()): Record<string, string> {
  return {[OWNER_LABELS.run]: RUN_ID, [OWNER_LABELS.host]: hostname(), [OWNER_LABELS.pid]: String(process.pid), [OWNER_LABELS.started]: now.toISOString()};
}

/**
 * Whose a labelled container is:
 * - `this-run`: made by this process;
 * - `live`: its run's process still lives on this host (or another host's container is younger than an hour);
 * - `dead`: its pid is gone on this host, or it is another host's and older than an hour;
 * - `unowned`: no ownership labels (an older vdist, or a cache image's leftovers): never reaped but by `--all`.
 */
export type Ownership = 'this-run' | 'live' | 'dead' | 'unowned';

export interface OwnershipContext {
  host?: string;
  now?: Date;
  alive?: (pid: number) => boolean;
}

export function ownership(container: Pick<Container, 'labels'>, context: OwnershipContext = {}): Ownership {
  const labels = container.labels ?? {};
  const run = labels[OWNER_LABELS.run];
  const host = labels[OWNER_LABELS.host];
  const pid = Number(labels[OWNER_LABELS.pid]);
  if (!run || !host || !Number.isInteger(pid) || pid <= 0) return 'unowned';
  if (run === RUN_ID) return 'this-run';
  if (host === (context.host ?? hostname())) return (context.alive ?? pidAlive)(pid) ? 'live' : 'dead';
  const started = Date.parse(labels[OWNER_LABELS.started] ?? '');
  if (Number.isNaN(started)) return 'live';
  return (context.now ?? new Date()).getTime() - started > OTHER_HOST_MAX_AGE_MS ? 'dead' : 'live';
}

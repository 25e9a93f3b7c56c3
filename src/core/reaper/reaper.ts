import {hostname} from 'node:os';
import {readdir, rm} from 'node:fs/promises';
import {join} from 'node:path';
import type {Backend, ImageEngine} from '../../backends/backend.js';
import {removeAll} from '../../backends/clean.js';
import {OWNER_LABELS, ownership} from '../../backends/ownership.js';
import {HOST_TAG, TEMPORARY} from '../cache/temporaries.js';
import type {Logger} from '../log.js';
import {pidAlive} from '../support/pid.js';

/**
 * The one place that removes what vdist runs that are gone (SIGKILL, the OOM
 * killer, a CI timeout) left behind: their containers, their temporary cache
 * tags and their partial output files. Never a live run's.
 */

/**
 * Before a build starts its own containers: remove those of this host's
 * vdist runs whose process is gone (a SIGKILL, the OOM killer, a CI
 * timeout), and say so. Never the containers of a live run, nor unowned ones.
 * A failure here only warns: the build goes on.
 */
export async function reapDeadRuns(backend: Backend, log: Logger): Promise<string[]> {
  try {
    const here = hostname();
    const dead = (await backend.listLabelled({log})).filter((c) => c.labels?.[OWNER_LABELS.host] === here && ownership(c) === 'dead');
    if (dead.length === 0) return [];
    const {removed, left} = await removeAll(backend, dead, log);
    const runs = new Set(dead.map((c) => c.labels?.[OWNER_LABELS.pid]));
    log.info(`reaped ${removed.length - left.length} container(s) left by ${runs.size} vdist run(s) that are gone: ${removed.join(', ')}`);
    return removed;
  } catch (error) {
    log.warn(`could not look for containers of dead vdist runs: ${(error as Error).message}`);
    return [];
  }
}

/**
 * Removes the temporary cache tags that this host's provisionings left when
 * their vdist was killed (SIGKILL between the commit and the final tag):
 * never a live process's, nor another host's. A failure only warns.
 */
export async function reapDeadProvisionings(backend: ImageEngine, log: Logger, alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  if (!backend.listReferences) return [];
  try {
    const references = await backend.listReferences('localhost/vdist-cache/*:tmp-*', {log});
    const dead = references.filter((reference) => {
      const m = TEMPORARY.exec(reference);
      return m !== null && m[1] === HOST_TAG && Number(m[2]) !== process.pid && !alive(Number(m[2]));
    });
    for (const reference of dead) await backend.removeImage(reference, {log});
    if (dead.length > 0) log.info(`removed ${dead.length} temporary cache image(s) left by provisioning runs that are gone: ${dead.join(', ')}`);
    return dead;
  } catch (error) {
    log.warn(`could not look for temporary cache images of dead vdist runs: ${(error as Error).message}`);
    return [];
  }
}

/** A temporary vdist leaves in an output directory, with the pid of the process that made it. */
const OWNED_TEMPORARY = [/^\..+\.(\d+)-[0-9a-f]{8}\.part$/, /^\.vdist-(?:deb|rpm|fpm)-(\d+)-/];

/**
 * Removes the temporaries that processes now gone (SIGKILL, the OOM killer)
 * left in `dirs`: `.part` files and packaging spools whose pid is not alive.
 * Those of live processes (another vdist writing there) stay. Returns the paths removed.
 */
export async function removeDeadTemporaries(dirs: readonly string[], alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const pid = OWNED_TEMPORARY.map((re) => re.exec(name)?.[1]).find(Boolean);
      if (!pid || Number(pid) === process.pid || alive(Number(pid))) continue;
      await rm(join(dir, name), {recursive: true, force: true});
      removed.push(join(dir, name));
    }
  }
  return removed;
}

/** What a build run reaps before it starts: dead runs' containers and temporary cache tags in `backend`, and their partial files in `outputDir` and its logs. */
export async function reapOrphans(backend: Backend, outputDir: string, log: Logger): Promise<void> {
  await reapDeadRuns(backend, log);
  await reapDeadProvisionings(backend, log);
  const stale = await removeDeadTemporaries([outputDir, join(outputDir, 'logs')]);
  if (stale.length > 0) log.info(`removed ${stale.length} partial file(s) left in ${outputDir} by vdist runs that are gone`);
}

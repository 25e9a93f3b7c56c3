import {createHash, randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import type {ImageEngine} from '../../backends/backend.js';
import {pidAlive} from '../support/pid.js';
import type {Logger} from '../log.js';
import {cacheRepository} from './key.js';

/** This host, short enough for a tag. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const TEMPORARY = /:tmp-[0-9a-f]{1,12}-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}$/;

/**
 * The tag a provisioning commits to before the entry takes its final name:
 * `tmp-<key>-<host>-<pid>-<random>`, so that what a killed provisioning
 * left can be told from a live one's (see reapDeadProvisionings).
 */
export function temporaryReference(profile: string, key: string): string {
  return `${cacheRepository(profile)}:tmp-${key.slice(0, 12)}-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`;
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

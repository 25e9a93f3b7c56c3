import {createHash, randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import {cacheRepository} from './key.js';

/** This host, short enough for a tag. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
export const TEMPORARY = /:tmp-[0-9a-f]{1,12}-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}$/;

/**
 * The tag a provisioning commits to before the entry takes its final name:
 * `tmp-<key>-<host>-<pid>-<random>`, so that what a killed provisioning
 * left can be told from a live one's (see reapDeadProvisionings).
 */
export function temporaryReference(profile: string, key: string): string {
  return `${cacheRepository(profile)}:tmp-${key.slice(0, 12)}-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

import {open, readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {pidAlive} from '../support/pid.js';
import {VdistError} from '../errors.js';
import type {Logger} from '../log.js';

/**
 * One publish at a time per repository: `.vdist-publish.lock` holds the pid.
 * A lock whose process is gone is taken over (its leftovers are removed by the
 * caller); a live one is an error (exit 1).
 */
export async function acquirePublishLock(repo: string, log: Logger): Promise<() => Promise<void>> {
  const file = join(repo, '.vdist-publish.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return () => rm(file, {force: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new VdistError(`another vdist publish (pid ${pid}) is writing ${repo}`, {code: 'PUBLISH_LOCKED', suggestions: ['Wait for it to finish, then publish again']});
      }
      log.warn(`an earlier publish into ${repo} (pid ${pid || '?'}) did not finish: taking over its lock`);
      await rm(file, {force: true});
    }
  }
  throw new VdistError(`could not lock ${repo} for publishing`, {code: 'PUBLISH_LOCKED'});
}

import {lstat, mkdir, readdir, readlink, rename, rm, symlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {ExitCode, VdistError} from '../errors.js';
import {partialName, trackTemporary} from '../output-file.js';

/**
 * Metadata that must change all at once (a suite's Release and its Packages,
 * repomd.xml and the files it names) lives in a generation directory beside
 * `link`, and `link` is a symlink to it. A new generation is written in full
 * under a temporary name, then the symlink is replaced by rename(2): a client
 * sees the old metadata or the new, never a mix. The previous generation is
 * kept for clients in the middle of a download; older ones are removed.
 */
export async function replaceGeneration(link: string, write: (dir: string) => Promise<void>): Promise<void> {
  const parent = dirname(link);
  const name = basename(link);
  await mkdir(parent, {recursive: true});
  const existing = await lstat(link).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    throw new VdistError(`${link} is not a vdist-published directory (it is not a symlink to a generation)`, {
      code: 'PUBLISH_FOREIGN', exit: ExitCode.usage, suggestions: ['Publish into an empty directory, or move that directory away'],
    });
  }
  const previous = existing ? await readlink(link) : undefined;
  const generation = `.${name}.${Date.now().toString(36)}-${process.pid}`;
  const temporary = partialName(join(parent, generation));
  const untrack = trackTemporary(temporary);
  try {
    await mkdir(temporary);
    await write(temporary);
    await rename(temporary, join(parent, generation));
  } catch (error) {
    await rm(temporary, {recursive: true, force: true});
    throw error;
  } finally {
    untrack();
  }
  const tmpLink = partialName(link);
  await symlink(generation, tmpLink);
  await rename(tmpLink, link);
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(`.${name}.`) && !entry.endsWith('.part') && entry !== generation && entry !== previous) {
      await rm(join(parent, entry), {recursive: true, force: true});
    }
  }
}

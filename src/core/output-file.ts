import {randomBytes} from 'node:crypto';
import {rmSync} from 'node:fs';
import {rename, rm} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {ExecError, VdistError} from './errors.js';

/** The suffix of every temporary output name: `.NAME.<pid>-<random>.part`. */
export const PART_SUFFIX = '.part';

/** How many bytes of the final name a temporary name keeps (the rest: dot, pid, random, suffix; well under 255). */
const KEPT_NAME_BYTES = 180;

/**
 * A temporary name beside `final`, in the same directory (so the rename is
 * atomic), hidden, and marked as partial: `.NAME.<pid>-<random>.part`.
 */
export function partialName(final: string): string {
  let name = basename(final);
  while (Buffer.byteLength(name) > KEPT_NAME_BYTES) name = name.slice(0, -1);
  return join(dirname(final), `.${name}.${process.pid}-${randomBytes(4).toString('hex')}${PART_SUFFIX}`);
}

/**
 * Writes `final` through `write(temporary)`, then renames the temporary over
 * it: `final` is either absent, the old file or the whole new one, never a
 * part. On failure (and on exit, see trackTemporary) the temporary is
 * removed; a full disk becomes an error that says so and names the directory.
 */
export async function writeAtomically<T>(final: string, write: (temporary: string) => Promise<T>): Promise<T> {
  const temporary = partialName(final);
  const untrack = trackTemporary(temporary);
  try {
    const result = await write(temporary);
    await rename(temporary, final);
    return result;
  } catch (error) {
    await rm(temporary, {recursive: true, force: true});
    throw diskFullError(error, dirname(final)) ?? error;
  } finally {
    untrack();
  }
}

/** How a compressor or other child says it in its stderr when it writes the file itself. */
const CHILD_DISK_FULL: Array<[RegExp, string]> = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
];

/**
 * ENOSPC / EDQUOT anywhere in the error's causes (or a child's stderr): the
 * VdistError (exit 1) that says the disk is full and names `dir`; else
 * undefined. `left` says what became of the file being written.
 */
export function diskFullError(error: unknown, dir: string, left = "nothing was left under the package's name"): VdistError | undefined {
  if (error instanceof VdistError && error.code === 'DISK_FULL') return error;
  // The deepest error that says so is the cause shown: the system's own words, not each wrapper's.
  let found: {code: string; error: unknown} | undefined;
  for (let e = error, depth = 0; e && depth < 6; e = (e as {cause?: unknown}).cause, depth++) {
    const errno = (e as NodeJS.ErrnoException).code;
    const tail = e instanceof ExecError ? e.stderrTail.join('\n') : '';
    const code = errno === 'ENOSPC' || errno === 'EDQUOT' ? errno : CHILD_DISK_FULL.find(([re]) => re.test(tail))?.[1];
    if (code) found = {code, error: e};
  }
  if (!found) return undefined;
  return new VdistError(`the disk is full: no space left in ${dir} (${found.code}); ${left}`, {
    code: 'DISK_FULL',
    suggestions: ['Free some space there, or choose another output directory with --output'],
    cause: found.error,
  });
}

const temporaries = new Set<string>();
let hooked = false;

/**
 * Removes `path` (file or directory) when the process exits, whatever the
 * way: a normal end, an error, or process.exit() after a second Ctrl-C. Call
 * the returned function once the path was removed or renamed. SIGKILL cannot
 * be caught: what it leaves carries the `.part` or `vdist-` marks.
 */
export function trackTemporary(path: string): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeTrackedTemporaries);
  }
  temporaries.add(path);
  return () => temporaries.delete(path);
}

/** Removes every tracked temporary now (synchronously: it runs in the `exit` event). */
export function removeTrackedTemporaries(): void {
  for (const path of temporaries) {
    try {
      rmSync(path, {recursive: true, force: true});
    } catch {
      // Best effort on the way out.
    }
    temporaries.delete(path);
  }
}

/**
 * The package files the builds of one run write. Two builds of a run that
 * would write the same file (same name, version, arch and format into one
 * directory) are a mistake in the config, not a race for the last rename:
 * the first build to reach its package claims the name, and the other fails
 * at step `package` saying which build has it. (Two vdist processes writing
 * one name: each file is whole, the last rename wins.)
 */
export class OutputClaims {
  private readonly byFile = new Map<string, string>();

  claim(file: string, build: string): void {
    const key = resolve(file);
    const owner = this.byFile.get(key);
    if (owner !== undefined && owner !== build) {
      throw new VdistError(`build "${owner}" of this run writes ${file} already: build "${build}" would replace it`, {
        code: 'OUTPUT_COLLISION',
        suggestions: ['Give the builds different app names, versions or custom_filename, or build them into different output directories'],
      });
    }
    this.byFile.set(key, build);
  }
}

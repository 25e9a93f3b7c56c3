import {stat} from 'node:fs/promises';
import {exec} from '../exec.js';
import {UsageError} from '../errors.js';
import type {TarSource} from '../packagers/stream-package.js';

/**
 * A directory on the host as a package tree (its root is the package's `/`),
 * streamed by the host's GNU tar in tree order, exactly as a build
 * container's tree is.
 */
export async function hostTreeSource(dir: string, signal?: AbortSignal): Promise<TarSource> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`${dir} is not a directory`);
  return (sink) => exec('tar', ['-c', '--sort=name', '-C', dir, '--', '.'], {stdout: sink, capture: false, signal});
}

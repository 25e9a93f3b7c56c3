import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {mkdir, rename, rm, stat} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {finished} from 'node:stream/promises';
import type {Container, ContainerEngine, RunContext} from '../../backends/backend.js';
import {diskFullError, trackTemporary} from '../output-file.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import type {BuildSpec} from '../types.js';

/** pip's cache inside the build container: under /vdist, so never in a package. */
export const PIP_CACHE_DIR = `${CONTAINER_PATHS.root}/pip-cache`;

/**
 * The pip cache of a profile and Python on the host: one tar, copied into
 * each build container and back out after a successful build. A tar (not an
 * engine volume) works the same with every engine, rootless and remote.
 */
export function pipCacheFile(cacheDir: string, spec: BuildSpec): string {
  const safe = pipCachePrefix(spec.profile.name);
  const python = spec.compile_python ? `cpython-${spec.compile_python_version}` : `python-${spec.python_basedir.replaceAll('/', '_')}`;
  return join(cacheDir, 'pip', `${safe}-${python}.tar`);
}

/** What every pip cache file of a profile starts with. */
export function pipCachePrefix(profile: string): string {
  return profile.replaceAll(/[^A-Za-z0-9._-]+/g, '_');
}

/** The build stage's environment for pip: its cache at PIP_CACHE_DIR, or none at all (`--no-cache`). */
export function pipEnv(enabled: boolean): Record<string, string> {
  return enabled ? {PIP_CACHE_DIR} : {PIP_NO_CACHE_DIR: '1'};
}

/** Copies the host's pip cache (if any) into the container. Returns its size in bytes (0 when none yet). */
export async function pipCacheIn(backend: ContainerEngine, container: Container, file: string, ctx: RunContext): Promise<number> {
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size === 0) {
    await backend.run(container, ['mkdir', '-p', PIP_CACHE_DIR], ctx);
    return 0;
  }
  await backend.copyIn(container, createReadStream(file), PIP_CACHE_DIR, ctx);
  return size;
}

/**
 * Copies the container's pip cache back to the host under a temporary name,
 * then renames it over the old one: concurrent builds never see half a file
 * (the last one to finish wins; a cache only loses entries it can rebuild).
 */
export async function pipCacheOut(backend: ContainerEngine, container: Container, file: string, ctx: RunContext): Promise<number> {
  await mkdir(join(file, '..'), {recursive: true});
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const untrack = trackTemporary(temporary);
  const out = createWriteStream(temporary);
  try {
    // Heard from the start (exec listens only while tar runs): a write that fails late still rejects below, never unheard.
    const written = finished(out);
    written.catch(() => undefined);
    await backend.run(container, ['tar', '-c', '-C', PIP_CACHE_DIR, '.'], {...ctx, stdout: out});
    out.end();
    await written;
    await rename(temporary, file);
    return (await stat(file)).size;
  } catch (error) {
    out.destroy();
    throw diskFullError(error, dirname(file), "pip's cache was left as it was") ?? error;
  } finally {
    await rm(temporary, {force: true});
    untrack();
  }
}

import {homedir} from 'node:os';
import {join} from 'node:path';

/** vdist's cache directory on the host: $VDIST_CACHE_DIR, else $XDG_CACHE_HOME/vdist, else ~/.cache/vdist. */
export function vdistCacheDir(env: Record<string, string | undefined>): string {
  if (env.VDIST_CACHE_DIR) return env.VDIST_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'vdist');
}

/** One empty file per cache image ID; its mtime is when a build last started from it. */
export function usedDir(cacheDir: string): string {
  return join(cacheDir, 'image-used');
}

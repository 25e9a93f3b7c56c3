import {posix} from 'node:path';

/**
 * Why a tar entry name or link target is unsafe, or undefined when it stays
 * inside the extraction root. Names are archive paths (always `/`).
 */
export function unsafePathReason(name: string): string | undefined {
  if (name.startsWith('/')) return 'absolute path';
  if (name.includes('\0')) return 'NUL byte in name';
  if (name.split('/').includes('..')) return '".." component';
  return tooLongReason(name);
}

/** The longest path, in bytes, a system can open or install: PATH_MAX (4096) less its NUL. */
export const MAX_PATH_BYTES = 4095;
/** The longest file name, in bytes, file systems hold. */
export const MAX_NAME_BYTES = 255;

/** Why `path` could never be written or installed (too long a path or name), or undefined. */
export function tooLongReason(path: string): string | undefined {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_PATH_BYTES) return `a path of ${bytes} bytes: no system can install a path over ${MAX_PATH_BYTES} bytes (PATH_MAX)`;
  const name = path.split('/').find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  return name === undefined ? undefined : `a name of ${Buffer.byteLength(name)} bytes: file systems hold names of up to ${MAX_NAME_BYTES} bytes`;
}

/** A path cut for a message: its start, and how long it was. */
export function shortPath(path: string): string {
  return path.length > 120 ? `${path.slice(0, 100)}... (${Buffer.byteLength(path)} bytes)` : path;
}

/** `./a//b/` -> `a/b`; the root itself -> ''. */
export function normaliseEntryName(name: string): string {
  const n = posix.normalize(name).replace(/\/+$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
}

/** Why a symlink at `entry` pointing to `target` escapes the root, or undefined. */
export function unsafeSymlinkReason(entry: string, target: string): string | undefined {
  if (target.startsWith('/')) return `symlink to absolute path ${target}`;
  const resolved = posix.normalize(posix.join(posix.dirname(entry), target));
  if (resolved === '..' || resolved.startsWith('../')) return `symlink to ${target} points outside`;
  return undefined;
}

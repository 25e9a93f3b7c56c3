import {posix} from 'node:path';

/**
 * Why a tar entry name or link target is unsafe, or undefined when it stays
 * inside the extraction root. Names are archive paths (always `/`).
 */
export function unsafePathReason(name: string): string | undefined {
  if (name.startsWith('/')) return 'absolute path';
  if (name.includes('\0')) return 'NUL byte in name';
  if (name.split('/').includes('..')) return '".." component';
  return undefined;
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

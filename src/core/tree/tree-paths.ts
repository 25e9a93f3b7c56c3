import {shortPath, tooLongReason} from '../extract/entry-path.js';
import {VdistError} from '../errors.js';

/**
 * Turns a tar entry name (`opt/app/x`, `./opt/app/x/`, `/opt/app`) into an
 * absolute path without a trailing slash. Names that climb out of the root
 * (`..`) are refused: a package must never write outside what it declares.
 */
export function normalizeEntryPath(name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw new VdistError(`Install tree entry "${shortPath(name)}" contains "..": refusing to package a path outside the tree`, {code: 'PACKAGE_TREE'});
  }
  const path = '/' + parts.join('/');
  const tooLong = tooLongReason(path);
  if (tooLong) throw new VdistError(`Install tree entry "${shortPath(path)}" is ${tooLong}: refusing to package it`, {code: 'PACKAGE_TREE'});
  return path;
}

/** The parent of an absolute path (`/` for `/opt`). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Byte-order comparison of whole paths, as rpm sorts its file list (not UTF-16 order). */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The order trees stream in: depth first, each directory's children in byte
 * order of their names, which is what GNU `tar --sort=name` emits. It is
 * byte order with `/` below every other byte, so `/a/b` comes before `/a.txt`.
 */
export function compareTreeOrder(a: string, b: string): number {
  return Buffer.compare(treeOrderKey(a), treeOrderKey(b));
}

/** A path's bytes with `/` made the lowest: keys compare (Buffer.compare) as compareTreeOrder does. */
export function treeOrderKey(path: string): Buffer {
  const key = Buffer.from(path, 'utf8');
  for (let i = 0; i < key.length; i++) if (key[i] === 0x2f) key[i] = 0;
  return key;
}

/**
 * A glob as fpm's `--exclude` takes it, matched against the absolute path
 * and against the path without its leading slash: `*` stays within one path
 * component, `**` crosses them, `?` is one character.
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  const regexes = patterns.map((p) => {
    let re = '';
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      if (c === '*' && p[i + 1] === '*') {
        re += '.*';
        i++;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${re}(/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path) || r.test(path.slice(1)));
}

import {VdistError} from '../errors.js';

/**
 * Turns a tar entry name (`opt/app/x`, `./opt/app/x/`, `/opt/app`) into an
 * absolute path without a trailing slash. Names that climb out of the root
 * (`..`) are refused: a package must never write outside what it declares.
 */
export function normalizeEntryPath(name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw new VdistError(`Install tree entry "${name}" contains "..": refusing to package a path outside the tree`, {code: 'PACKAGE_TREE'});
  }
  return '/' + parts.join('/');
}

/** The parent of an absolute path (`/` for `/opt`). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Byte-order comparison of paths, as dpkg and rpm sort them (not UTF-16 order). */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
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

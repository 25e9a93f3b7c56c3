import type {TreeEntry} from '../../packagers/packager.js';

/** st_mode with the file type bits rpm and cpio expect. */
export function fullMode(e: TreeEntry): number {
  if (e.type === 'directory') return 0o040000 | e.mode;
  if (e.type === 'symlink') return 0o120777;
  return 0o100000 | e.mode;
}

/** rpm's per-file size: content length, the link target's length, or 4096 for a directory, as rpmbuild records on ext4. */
export function rpmFileSize(e: TreeEntry): number {
  if (e.type === 'directory') return 4096;
  if (e.type === 'symlink') return Buffer.byteLength(e.linkTarget ?? '', 'utf8');
  return e.size;
}

/** Splits paths into rpm's compressed file names: dirnames (with a trailing slash), basenames and indexes. */
export function compressedFileNames(paths: readonly string[]): {dirnames: string[]; basenames: string[]; dirindexes: number[]} {
  const dirnames: string[] = [];
  const lookup = new Map<string, number>();
  const basenames: string[] = [];
  const dirindexes: number[] = [];
  for (const p of paths) {
    const cut = p.lastIndexOf('/') + 1;
    const dir = p.slice(0, cut);
    let i = lookup.get(dir);
    if (i === undefined) {
      i = dirnames.push(dir) - 1;
      lookup.set(dir, i);
    }
    dirindexes.push(i);
    basenames.push(p.slice(cut));
  }
  return {dirnames, basenames, dirindexes};
}

import {createHash, type Hash} from 'node:crypto';
import type {CoalescingOutput} from '../archive/coalescing-output.js';
import {tarHeader, tarPadding, TAR_END} from '../archive/tar.js';
import type {TreeEncoder} from './compress-tree.js';
import type {TreeEntry} from './tree-entry.js';
import {isSharedDirectory} from './shared-directories.js';

/** Path inside a tar: `/opt/x` -> `./opt/x`, `/` -> `./`. */
export const tarName = (path: string) => (path === '/' ? './' : `.${path}`);

/**
 * data.tar as dpkg-deb writes it, encoded as the tree streams by: `./`
 * first, directories with a trailing slash, hard links pointing at the
 * group's first kept member. Shared directories (`/opt`, `/usr/bin` ...) are
 * left out, so dpkg never counts them as the package's own. Each entry goes into `record` with the md5 of
 * its content, for md5sums.
 */
export class DataTarEncoder implements TreeEncoder {
  private readonly files = new Map<string, TreeEntry>();
  private file?: {entry: TreeEntry; md5: Hash};

  constructor(private readonly out: CoalescingOutput, mtime: number, private readonly record: TreeEntry[]) {
    out.write(tarHeader({name: './', type: 'directory', mode: 0o755, mtime}));
  }

  entry(e: TreeEntry, linkTo?: string): void {
    if (e.type === 'directory' && isSharedDirectory(e.path)) return;
    const name = tarName(e.path);
    if (e.type === 'directory') this.out.write(tarHeader({name: `${name}/`, type: 'directory', mode: e.mode, mtime: e.mtime}));
    else if (e.type === 'symlink') this.out.write(tarHeader({name, type: 'symlink', mode: 0o777, mtime: e.mtime, linkname: e.linkTarget}));
    else if (linkTo !== undefined) {
      const leader = this.files.get(linkTo)!;
      leader.linkGroup ||= e.linkGroup;
      this.record.push({...e, size: leader.size, md5: leader.md5, linkGroup: leader.linkGroup});
      this.out.write(tarHeader({name, type: 'hardlink', mode: e.mode, mtime: e.mtime, linkname: tarName(linkTo)}));
      return;
    } else {
      this.out.write(tarHeader({name, type: 'file', mode: e.mode, mtime: e.mtime, size: e.size}));
      this.file = {entry: e, md5: createHash('md5')};
      return;
    }
    this.record.push(e);
  }

  data(chunk: Buffer): void {
    this.file!.md5.update(chunk);
    this.out.write(chunk);
  }

  endFile(): void {
    const {entry: e, md5} = this.file!;
    this.file = undefined;
    this.out.write(tarPadding(e.size));
    e.md5 = md5.digest('hex');
    this.files.set(e.path, e);
    this.record.push(e);
  }

  end(): void {
    this.out.write(TAR_END);
  }
}

/** A small tar of in-memory files (control.tar). */
export function memoryTar(files: {name: string; mode: number; text: string}[], mtime: number): Buffer {
  const parts = [tarHeader({name: './', type: 'directory', mode: 0o755, mtime})];
  for (const f of files) {
    const body = Buffer.from(f.text, 'utf8');
    parts.push(tarHeader({name: `./${f.name}`, type: 'file', mode: f.mode, mtime, size: body.length}), body, tarPadding(body.length));
  }
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

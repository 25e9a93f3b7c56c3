import {createHash} from 'node:crypto';
import {tarHeader, tarPadding, TAR_END} from '../archive/tar.js';
import type {TreeEntry} from './packager.js';
import type {TreeReader} from './tree-stream.js';

/** Path inside a tar: `/opt/x` -> `./opt/x`, `/` -> `./`. */
export const tarName = (path: string) => (path === '/' ? './' : `.${path}`);

/**
 * data.tar as dpkg-deb writes it, encoded as the tree streams by: `./`
 * first, directories with a trailing slash, hard links pointing at the
 * group's first kept member. Each entry goes into `record` with the md5 of
 * its content, for md5sums.
 */
export async function* dataTar(tree: TreeReader, mtime: number, record: TreeEntry[]): AsyncGenerator<Buffer> {
  yield tarHeader({name: './', type: 'directory', mode: 0o755, mtime});
  const files = new Map<string, TreeEntry>();
  for await (const {entry: e, body, linkTo} of tree.items()) {
    const name = tarName(e.path);
    if (e.type === 'directory') yield tarHeader({name: `${name}/`, type: 'directory', mode: e.mode, mtime: e.mtime});
    else if (e.type === 'symlink') yield tarHeader({name, type: 'symlink', mode: 0o777, mtime: e.mtime, linkname: e.linkTarget});
    else if (linkTo !== undefined) {
      const leader = files.get(linkTo)!;
      leader.linkGroup ||= e.linkGroup;
      record.push({...e, size: leader.size, md5: leader.md5, linkGroup: leader.linkGroup});
      yield tarHeader({name, type: 'hardlink', mode: e.mode, mtime: e.mtime, linkname: tarName(linkTo)});
      continue;
    } else {
      yield tarHeader({name, type: 'file', mode: e.mode, mtime: e.mtime, size: e.size});
      const md5 = createHash('md5');
      for await (const chunk of body!) {
        md5.update(chunk);
        yield chunk;
      }
      yield tarPadding(e.size);
      e.md5 = md5.digest('hex');
      files.set(e.path, e);
    }
    record.push(e);
  }
  yield TAR_END;
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

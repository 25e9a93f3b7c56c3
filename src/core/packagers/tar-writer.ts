import {tarHeader, tarPadding, TAR_END} from '../archive/tar.js';
import type {StagedTree, TreeEntry} from './packager.js';
import {hardLinkLeaders} from './select-entries.js';

/** Path inside a tar: `/opt/x` -> `./opt/x`, `/` -> `./`. */
export const tarName = (path: string) => (path === '/' ? './' : `.${path}`);

/**
 * data.tar as dpkg-deb writes it: `./` first, directories with a trailing
 * slash, hard links pointing at the first link in sorted order, file
 * contents streamed from the spool.
 */
export async function* dataTar(tree: StagedTree, entries: readonly TreeEntry[], mtime: number): AsyncGenerator<Buffer> {
  yield tarHeader({name: './', type: 'directory', mode: 0o755, mtime});
  const leaders = hardLinkLeaders(entries);
  for (const e of entries) {
    const name = tarName(e.path);
    const leader = e.linkGroup > 0 ? leaders.get(e.linkGroup)! : e;
    if (e.type === 'directory') yield tarHeader({name: `${name}/`, type: 'directory', mode: e.mode, mtime: e.mtime});
    else if (e.type === 'symlink') yield tarHeader({name, type: 'symlink', mode: 0o777, mtime: e.mtime, linkname: e.linkTarget});
    else if (leader !== e) yield tarHeader({name, type: 'hardlink', mode: e.mode, mtime: e.mtime, linkname: tarName(leader.path)});
    else {
      yield tarHeader({name, type: 'file', mode: e.mode, mtime: e.mtime, size: e.size});
      for await (const chunk of tree.open(e)) yield chunk as Buffer;
      yield tarPadding(e.size);
    }
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

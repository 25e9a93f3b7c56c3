import {createReadStream} from 'node:fs';
import {lstat, readdir, readFile, readlink} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import ignore, {type Ignore} from 'ignore';
import tarStream from 'tar-stream';

/** The file in a source root whose gitignore-style patterns are left out of the tar. */
export const IGNORE_FILE = '.vdistignore';

/**
 * Tar a directory tree: `.git` and `outputDir` (when inside) are skipped,
 * and so is whatever `.vdistignore` lists. Symlinks stay symlinks; entries
 * come in sorted order so the same tree gives the same tar.
 */
export function directoryTar(root: string, outputDir?: string): Readable {
  const pack = tarStream.pack();
  // tar-stream's streams are streamx streams: hand out a plain Node stream.
  const out = new PassThrough();
  pack.on('error', (error: Error) => out.destroy(error));
  pack.pipe(out);
  fill(pack, resolve(root), outputDir ? resolve(outputDir) : undefined).then(
    () => pack.finalize(),
    (error: Error) => pack.destroy(error),
  );
  return out;
}

async function fill(pack: tarStream.Pack, root: string, outputDir: string | undefined): Promise<void> {
  const rules = ignore();
  const patterns = await readFile(join(root, IGNORE_FILE), 'utf8').catch(() => undefined);
  if (patterns !== undefined) rules.add(patterns);
  await walk(pack, root, '', rules, outputDir);
}

async function walk(pack: tarStream.Pack, root: string, rel: string, rules: Ignore, outputDir: string | undefined): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const abs = join(root, relPath);
    if (name === '.git' || abs === outputDir) continue;
    const st = await lstat(abs);
    if (rules.ignores(st.isDirectory() ? `${relPath}/` : relPath)) continue;
    const header = {name: relPath, mode: st.mode & 0o7777, mtime: st.mtime};
    if (st.isDirectory()) {
      await entry(pack, {...header, name: `${relPath}/`, type: 'directory'});
      await walk(pack, root, relPath, rules, outputDir);
    } else if (st.isSymbolicLink()) {
      await entry(pack, {...header, type: 'symlink', linkname: await readlink(abs)});
    } else if (st.isFile()) {
      const sink = pack.entry({...header, type: 'file', size: st.size});
      await pipeline(createReadStream(abs), sink);
    }
    // Sockets, fifos and devices have no place in an application's source: skipped.
  }
}

function entry(pack: tarStream.Pack, header: Partial<tarStream.Header> & {name: string}): Promise<void> {
  return new Promise((done, fail) => pack.entry(header, (error) => (error ? fail(error) : done())));
}

import {createReadStream} from 'node:fs';
import {lstat, readdir, readFile, readlink, stat} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import ignore, {type Ignore} from 'ignore';
import tarStream from 'tar-stream';

/** The file in a source root whose gitignore-style patterns are left out of the tar. */
export const IGNORE_FILE = '.vdistignore';

/** One entry of a scanned tree, in tar order. */
interface ScannedEntry {
  /** Path from the root, '/'-separated. */
  rel: string;
  type: 'directory' | 'symlink' | 'file';
  mode: number;
  mtime: Date;
  size: number;
}

/** A directory tree as one walk saw it: what goes into the tar, and its newest file. */
export interface DirectoryScan {
  root: string;
  entries: ScannedEntry[];
  /** The newest mtime (whole seconds) of the files and symlinks; undefined when there are none. */
  newest?: {mtime: number; path: string};
}

export interface ScanOptions {
  /** Left out when it lies inside the tree. */
  outputDir?: string;
  /** Leave out `.git` and what `.vdistignore` lists (a source); false takes everything (`vdist package DIR`). Default true. */
  sourceRules?: boolean;
}

/**
 * Walks a tree once (readdir and lstat, no file read): `.git`, `outputDir`
 * (when inside) and what `.vdistignore` lists are skipped. Entries come in
 * sorted order so the same tree gives the same tar. Directories do not count
 * towards `newest`: creating the output dir or a log inside the tree changes
 * a directory's mtime, never a file's, and the date must not move with it.
 */
export async function scanDirectory(root: string, options: ScanOptions = {}): Promise<DirectoryScan> {
  const top = resolve(root);
  const rules = ignore();
  if (options.sourceRules !== false) {
    const patterns = await readFile(join(top, IGNORE_FILE), 'utf8').catch(() => undefined);
    if (patterns !== undefined) rules.add(patterns);
  }
  const scan: DirectoryScan = {root: top, entries: []};
  await walk(scan, '', {rules, outputDir: options.outputDir ? resolve(options.outputDir) : undefined, sourceRules: options.sourceRules !== false});
  return scan;
}

async function walk(scan: DirectoryScan, rel: string, o: {rules: Ignore; outputDir: string | undefined; sourceRules: boolean}): Promise<void> {
  const names = (await readdir(join(scan.root, rel))).sort();
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const abs = join(scan.root, relPath);
    if ((o.sourceRules && name === '.git') || abs === o.outputDir) continue;
    const st = await lstat(abs);
    if (o.rules.ignores(st.isDirectory() ? `${relPath}/` : relPath)) continue;
    // Sockets, fifos and devices have no place in an application's source: skipped.
    const type = st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
    if (!type) continue;
    scan.entries.push({rel: relPath, type, mode: st.mode & 0o7777, mtime: st.mtime, size: st.size});
    if (type === 'directory') {
      await walk(scan, relPath, o);
    } else {
      const mtime = Math.floor(st.mtimeMs / 1000);
      if (!scan.newest || mtime > scan.newest.mtime) scan.newest = {mtime, path: relPath};
    }
  }
}

/**
 * Tar a scanned tree. Symlinks stay symlinks; only the files' contents are
 * read here, the walk was done by scanDirectory.
 */
export function directoryTar(scan: DirectoryScan): Readable {
  const pack = tarStream.pack();
  // tar-stream's streams are streamx streams: hand out a plain Node stream.
  const out = new PassThrough();
  pack.on('error', (error: Error) => out.destroy(error));
  pack.pipe(out);
  fill(pack, scan).then(
    () => pack.finalize(),
    (error: Error) => pack.destroy(error),
  );
  return out;
}

async function fill(pack: tarStream.Pack, scan: DirectoryScan): Promise<void> {
  for (const e of scan.entries) {
    const abs = join(scan.root, e.rel);
    const header = {name: e.rel, mode: e.mode, mtime: e.mtime};
    if (e.type === 'directory') {
      await entry(pack, {...header, name: `${e.rel}/`, type: 'directory'});
    } else if (e.type === 'symlink') {
      await entry(pack, {...header, type: 'symlink', linkname: await readlink(abs)});
    } else {
      const sink = pack.entry({...header, type: 'file', size: e.size});
      await pipeline(createReadStream(abs), sink);
    }
  }
}

function entry(pack: tarStream.Pack, header: Partial<tarStream.Header> & {name: string}): Promise<void> {
  return new Promise((done, fail) => pack.entry(header, (error) => (error ? fail(error) : done())));
}

/**
 * Whether the file `rel` (relative to `root`) is one the source tar holds:
 * a regular file (a symlink to one counts) that neither `.git`, the output
 * dir nor `.vdistignore` leaves out. Checks the path alone, no walk.
 */
export async function sourceFileState(root: string, rel: string, outputDir?: string): Promise<'present' | 'missing' | 'ignored'> {
  const top = resolve(root);
  const st = await stat(join(top, rel)).catch(() => undefined);
  if (!st?.isFile()) return 'missing';
  const rules = ignore();
  const patterns = await readFile(join(top, IGNORE_FILE), 'utf8').catch(() => undefined);
  if (patterns !== undefined) rules.add(patterns);
  const parts = rel.split('/');
  const out = outputDir ? resolve(outputDir) : undefined;
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const dir = i < parts.length;
    if (parts[i - 1] === '.git' || join(top, path) === out || rules.ignores(dir ? `${path}/` : path)) return 'ignored';
  }
  return 'present';
}

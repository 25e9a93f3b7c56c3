import {createHash} from 'node:crypto';
import {createReadStream, createWriteStream, type WriteStream} from 'node:fs';
import {mkdtemp, open, rm, type FileHandle} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {once} from 'node:events';
import tar from 'tar-stream';
import {VdistError} from '../errors.js';
import {ELF_MAGIC, readElf} from './elf.js';
import type {StagedTree, TreeEntry, TreeFacts} from './packager.js';
import {comparePaths, normalizeEntryPath, parentPath} from './tree-paths.js';

export interface StageOptions {
  /** Where the spool directory goes. Default: the OS temp dir. */
  tmpDir?: string;
}

/**
 * Reads the install tree's tar stream once: file contents go to a spool file
 * (never all in memory), with md5 and sha256 computed on the way; the index
 * keeps each entry's metadata and spool offset. ELF files are then read back
 * from the spool for DT_NEEDED, DT_SONAME and the machine type.
 */
export async function stageTree(tarStream: Readable, options: StageOptions = {}): Promise<StagedTree> {
  const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'vdist-tree-'));
  const spoolPath = join(dir, 'spool');
  try {
    const spool = createWriteStream(spoolPath);
    const {entries, elfCandidates} = await spoolEntries(tarStream, spool);
    spool.end();
    await once(spool, 'close');
    const facts = await collectFacts(spoolPath, entries, elfCandidates);
    return makeTree(dir, spoolPath, entries, facts);
  } catch (error) {
    await rm(dir, {recursive: true, force: true});
    throw error;
  }
}

async function spoolEntries(tarStream: Readable, spool: WriteStream) {
  const byPath = new Map<string, TreeEntry>();
  const elfCandidates: TreeEntry[] = [];
  let offset = 0;
  let nextGroup = 1;
  const extract = tar.extract();
  tarStream.on('error', (error) => extract.destroy(error));
  tarStream.pipe(extract);
  for await (const item of extract) {
    const h = item.header;
    const path = normalizeEntryPath(h.name);
    const base = {path, mode: (h.mode ?? 0o644) & 0o7777, size: 0, mtime: Math.floor((h.mtime?.getTime() ?? 0) / 1000), linkGroup: 0, offset};
    if (h.type === 'file' || h.type === 'contiguous-file') {
      const md5 = createHash('md5');
      const sha = createHash('sha256');
      let size = 0;
      let head: Buffer | undefined;
      for await (const chunk of item as AsyncIterable<Buffer>) {
        if (!head) head = chunk;
        md5.update(chunk);
        sha.update(chunk);
        size += chunk.length;
        if (!spool.write(chunk)) await once(spool, 'drain');
      }
      const entry: TreeEntry = {...base, type: 'file', size, md5: md5.digest('hex'), sha256: sha.digest('hex')};
      offset += size;
      if (head && head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC)) elfCandidates.push(entry);
      byPath.set(path, entry);
      continue;
    }
    item.resume();
    if (h.type === 'directory') byPath.set(path, {...base, type: 'directory'});
    else if (h.type === 'symlink') byPath.set(path, {...base, type: 'symlink', linkTarget: h.linkname ?? ''});
    else if (h.type === 'link') {
      const target = byPath.get(normalizeEntryPath(h.linkname ?? ''));
      if (!target || target.type !== 'file') {
        throw new VdistError(`Install tree: hard link ${path} points to ${h.linkname}, which is not a file earlier in the tar stream`, {code: 'PACKAGE_TREE'});
      }
      if (target.linkGroup === 0) target.linkGroup = nextGroup++;
      byPath.set(path, {...target, path, mode: base.mode, mtime: base.mtime});
    } else {
      throw new VdistError(`Install tree: ${path} is a ${h.type}; packages may hold only files, directories, symlinks and hard links`, {code: 'PACKAGE_TREE'});
    }
  }
  addParents(byPath);
  const entries = [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
  return {entries, elfCandidates};
}

/** Directories the tar named only implicitly (e.g. `/opt` for `opt/app/x`). */
function addParents(byPath: Map<string, TreeEntry>): void {
  for (const path of [...byPath.keys()]) {
    for (let p = parentPath(path); p !== '/' && !byPath.has(p); p = parentPath(p)) {
      byPath.set(p, {path: p, type: 'directory', mode: 0o755, size: 0, mtime: 0, linkGroup: 0, offset: 0, implicit: true});
    }
  }
  byPath.delete('/');
}

async function collectFacts(spoolPath: string, entries: TreeEntry[], elfCandidates: TreeEntry[]): Promise<TreeFacts> {
  const facts: TreeFacts = {needed: new Set(), provided: new Set(), fileCount: 0, installedSize: 0};
  for (const e of entries) {
    if (e.type === 'file') {
      facts.fileCount++;
      facts.installedSize += e.size;
    }
  }
  const architectures = new Map<string, number>();
  let file: FileHandle | undefined;
  try {
    file = await open(spoolPath, 'r');
    for (const e of elfCandidates) {
      const elf = await readElf(file, e.offset, e.size);
      if (!elf) continue;
      if (elf.architecture) architectures.set(elf.architecture, (architectures.get(elf.architecture) ?? 0) + 1);
      for (const n of elf.needed) facts.needed.add(n);
      if (elf.soname) facts.provided.add(elf.soname);
      facts.provided.add(e.path.slice(e.path.lastIndexOf('/') + 1));
    }
  } finally {
    await file?.close();
  }
  // A stray foreign ELF file (a test fixture in a wheel) must not decide: the majority does.
  facts.architecture = [...architectures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return facts;
}

function makeTree(dir: string, spoolPath: string, entries: TreeEntry[], facts: TreeFacts): StagedTree {
  return {
    facts,
    entries,
    open(entry: TreeEntry): Readable {
      if (entry.type !== 'file') throw new Error(`not a regular file: ${entry.path}`);
      if (entry.size === 0) return Readable.from([]);
      return createReadStream(spoolPath, {start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: 256 * 1024});
    },
    async dispose() {
      await rm(dir, {recursive: true, force: true});
    },
  };
}

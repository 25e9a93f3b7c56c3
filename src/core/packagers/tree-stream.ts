import {createReadStream} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import tar from 'tar-stream';
import {VdistError} from '../errors.js';
import {ELF_MAGIC, readElf} from './elf.js';
import type {TreeEntry, TreeFacts} from './packager.js';
import {compareTreeOrder, globMatcher, normalizeEntryPath, parentPath} from './tree-paths.js';

/** One entry of a streaming tree, in tree order (see compareTreeOrder). */
export interface TreeItem {
  entry: TreeEntry;
  /**
   * The content of a regular file, to be read before the next item is asked
   * for. Absent for a hard link whose content an earlier item carried.
   */
  body?: AsyncIterable<Buffer>;
  /** A hard link whose content went with an earlier kept item: that item's path. */
  linkTo?: string;
}

export interface ReadTreeOptions {
  /** Glob patterns of paths to leave out (fpm's `--exclude`). */
  excludes: readonly string[];
  /** Every mtime is clamped to it; directories the tar only implied get it. */
  sourceDateEpoch: number;
  /** Where the scratch files go (ELF headers, hard-linked contents). */
  workDir: string;
  /**
   * Paths of files that are hard-linked (known from an earlier pass): their
   * content is kept in a spool so writers can place it on any member of the
   * group. Without it, a hard link that needs such content ends the pass
   * with HardLinksFound.
   */
  linked?: ReadonlySet<string>;
  /** The writer places content on a group's last member (rpm), so every hard link needs the spool. */
  linksNeedSpool: boolean;
  /**
   * Files from the host (copyright, changelog) merged into the tree in
   * order, mode 0644, with the parent directories they need. A path the
   * tree has itself keeps the tree's file.
   */
  extraFiles?: readonly {path: string; content: Buffer}[];
}

/** ELF paths kept per architecture: enough to name the culprits of a mismatch. */
const ELF_PATHS_KEPT = 5;

/** A hard link needed content that had already gone by: read the tree again with `linked`. */
export class HardLinksFound extends Error {
  constructor(readonly linked: Set<string>) {
    super(`the tree holds ${linked.size} hard-linked files`);
  }
}

/**
 * Reads an install tree's tar stream once, in order, and yields its entries
 * for a writer to encode as they arrive: excludes applied, mtimes clamped,
 * implied parent directories added, hard links grouped. On the way it finds
 * what ELF files need and provide. The stream must be in tree order (GNU
 * `tar --sort=name`); anything else is an error, since a package's bytes must
 * not depend on a file system's directory order.
 */
export class TreeReader {
  readonly facts: TreeFacts = {needed: new Set(), provided: new Set(), fileCount: 0, installedSize: 0};
  private readonly architectures = new Map<string, number>();
  private readonly excluded: (path: string) => boolean;
  private readonly groups = new Map<string, {id: number; firstKept?: string; spool?: {offset: number; size: number}}>();
  private spoolSize = 0;
  private scratch?: FileHandle;
  private spool?: FileHandle;

  constructor(private readonly tarStream: Readable, private readonly options: ReadTreeOptions) {
    this.excluded = globMatcher(options.excludes);
  }

  async *items(): AsyncGenerator<TreeItem> {
    const extract = tar.extract();
    this.tarStream.on('error', (error) => extract.destroy(error));
    this.tarStream.pipe(extract);
    const seenDirs = new Set<string>(['/']);
    let previous = '';
    let missing: Set<string> | undefined;
    const extras = [...(this.options.extraFiles ?? [])].sort((a, b) => compareTreeOrder(a.path, b.path));
    const sde = this.options.sourceDateEpoch;
    // The extra files that sort before `path` (all that are left when undefined); one the tree has itself is dropped.
    const extrasBefore = function* (this: TreeReader, path: string | undefined): Generator<TreeItem> {
      while (extras.length > 0 && (path === undefined || compareTreeOrder(extras[0]!.path, path) <= 0)) {
        const extra = extras.shift()!;
        if (extra.path === path || this.excluded(extra.path)) continue;
        for (const dir of missingParents(extra.path, seenDirs)) yield {entry: {path: dir, type: 'directory', mode: 0o755, size: 0, mtime: sde, linkGroup: 0}};
        const file: TreeEntry = {path: extra.path, type: 'file', mode: 0o644, size: extra.content.length, mtime: sde, linkGroup: 0};
        this.count(file);
        this.facts.addedFileCount = (this.facts.addedFileCount ?? 0) + 1;
        yield {entry: file, body: Readable.from([extra.content])};
      }
    }.bind(this);
    try {
      for await (const item of extract) {
        const h = item.header;
        const path = normalizeEntryPath(h.name);
        if (path === '/') {
          item.resume();
          continue;
        }
        if (previous !== '' && compareTreeOrder(previous, path) >= 0) {
          throw new VdistError(`Install tree: ${path} came after ${previous}, out of order (the tar must come from \`tar --sort=name\`)`, {code: 'PACKAGE_TREE'});
        }
        previous = path;
        if (!missing) yield* extrasBefore(path);
        if (missing) {
          // Only collecting the hard-linked paths for the next pass now.
          if (h.type === 'link') missing.add(normalizeEntryPath(h.linkname ?? ''));
          item.resume();
          continue;
        }
        const entry = {path, mode: (h.mode ?? 0o644) & 0o7777, size: 0, mtime: Math.min(Math.floor((h.mtime?.getTime() ?? 0) / 1000), sde), linkGroup: 0};
        const keep = !this.excluded(path);
        if (keep) {
          for (const dir of missingParents(path, seenDirs)) {
            yield {entry: {path: dir, type: 'directory', mode: 0o755, size: 0, mtime: sde, linkGroup: 0}};
          }
        }
        if (h.type === 'directory') {
          const implied = seenDirs.has(path);
          seenDirs.add(path);
          item.resume();
          if (keep && !implied) yield {entry: {...entry, type: 'directory'}};
        } else if (h.type === 'symlink') {
          item.resume();
          if (keep) yield {entry: {...entry, type: 'symlink', linkTarget: h.linkname ?? ''}};
        } else if (h.type === 'file' || h.type === 'contiguous-file') {
          const file: TreeEntry = {...entry, type: 'file', size: h.size ?? 0};
          const group = this.options.linked?.has(path) ? this.group(path) : undefined;
          if (group) file.linkGroup = group.id;
          if (keep) {
            if (group) group.firstKept = path;
            this.count(file);
            yield {entry: file, body: this.body(item as AsyncIterable<Buffer>, file, group)};
          }
          // Drains what the writer did not read, and spools an excluded group leader.
          for await (const chunk of this.body(item as AsyncIterable<Buffer>, undefined, keep ? undefined : group)) void chunk;
        } else if (h.type === 'link') {
          item.resume();
          const target = normalizeEntryPath(h.linkname ?? '');
          let group = this.groups.get(target);
          if (!group && !this.options.linksNeedSpool && !this.excluded(target)) {
            // The target went by as a plain file: a later member only needs to point at it.
            group = this.group(target);
            group.firstKept = target;
          }
          if (!group || (!group.spool && (this.options.linksNeedSpool || !group.firstKept))) {
            missing = new Set([target]);
            continue;
          }
          if (!keep) continue;
          const file: TreeEntry = {...entry, type: 'file', size: group.spool?.size ?? h.size ?? 0, linkGroup: group.id};
          if (group.firstKept) {
            yield {entry: file, linkTo: group.firstKept};
            continue;
          }
          group.firstKept = path;
          this.count(file);
          yield {entry: file, body: this.spooled(group.spool!)};
        } else {
          throw new VdistError(`Install tree: ${path} is a ${h.type}; packages may hold only files, directories, symlinks and hard links`, {code: 'PACKAGE_TREE'});
        }
      }
    } finally {
      extract.destroy();
      await this.scratch?.close();
      this.scratch = undefined;
    }
    if (missing) throw new HardLinksFound(new Set([...(this.options.linked ?? []), ...missing]));
    yield* extrasBefore(undefined);
    // A stray foreign ELF file (a test fixture in a wheel) must not decide: the majority does.
    this.facts.architecture = [...this.architectures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  }

  /** The content of hard-link group `id` (TreeEntry.linkGroup), from the spool, for writers that place it late. */
  groupContent(id: number): AsyncIterable<Buffer> {
    const spool = [...this.groups.values()].find((g) => g.id === id)?.spool;
    if (!spool) throw new Error(`no spooled content for hard-link group ${id}`);
    return this.spooled(spool);
  }

  async close(): Promise<void> {
    await this.spool?.close();
    this.spool = undefined;
  }

  private group(path: string): {id: number; firstKept?: string; spool?: {offset: number; size: number}} {
    const group = {id: this.groups.size + 1};
    this.groups.set(path, group);
    return group;
  }

  private count(file: TreeEntry): void {
    this.facts.fileCount++;
    this.facts.installedSize += file.size;
  }

  /** The chunks of a tar member, looked at on the way: ELF facts, and the spool for hard-linked content. */
  private async *body(item: AsyncIterable<Buffer>, file: TreeEntry | undefined, group: {spool?: {offset: number; size: number}} | undefined) {
    let elfSize = -1;
    const spoolAt = this.spoolSize;
    for await (const chunk of item) {
      if (file && elfSize === -1) elfSize = chunk.length >= 4 && chunk.subarray(0, 4).equals(ELF_MAGIC) ? 0 : -2;
      if (elfSize >= 0) {
        this.scratch ??= await open(join(this.options.workDir, 'elf'), 'w+');
        await this.scratch.write(chunk, 0, chunk.length, elfSize);
        elfSize += chunk.length;
      }
      if (group) {
        this.spool ??= await open(join(this.options.workDir, 'links'), 'w+');
        await this.spool.write(chunk, 0, chunk.length, this.spoolSize);
        this.spoolSize += chunk.length;
      }
      yield chunk;
    }
    if (group) group.spool = {offset: spoolAt, size: this.spoolSize - spoolAt};
    if (file && elfSize > 0) await this.elfFacts(file.path, elfSize);
  }

  private async elfFacts(path: string, size: number): Promise<void> {
    const elf = await readElf(this.scratch!, 0, size);
    if (!elf) return;
    if (elf.architecture) {
      this.architectures.set(elf.architecture, (this.architectures.get(elf.architecture) ?? 0) + 1);
      const paths = ((this.facts.elfPaths ??= new Map()).get(elf.architecture) ?? []).concat(path).slice(0, ELF_PATHS_KEPT);
      this.facts.elfPaths.set(elf.architecture, paths);
    }
    for (const n of elf.needed) this.facts.needed.add(n);
    if (elf.soname) this.facts.provided.add(elf.soname);
    this.facts.provided.add(path.slice(path.lastIndexOf('/') + 1));
  }

  private spooled(at: {offset: number; size: number}): AsyncIterable<Buffer> {
    if (at.size === 0) return Readable.from([]);
    return createReadStream(join(this.options.workDir, 'links'), {start: at.offset, end: at.offset + at.size - 1, highWaterMark: 256 * 1024});
  }
}

/** Ancestors of `path` the stream has not named yet, outermost first; they become seen. */
function missingParents(path: string, seen: Set<string>): string[] {
  const out: string[] = [];
  for (let p = parentPath(path); !seen.has(p); p = parentPath(p)) {
    out.unshift(p);
    seen.add(p);
  }
  return out;
}

import {closeSync, openSync, readSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {TarFormatError, TarParser, type TarEntryHeader} from '../archive/tar-reader.js';
import {VdistError} from '../errors.js';
import {addElfFacts, ELF_MAGIC, readElf} from './elf.js';
import type {TreeEntry, TreeFacts} from './tree-entry.js';
import {globMatcher, normalizeEntryPath, parentPath, treeOrderKey} from './tree-paths.js';

/**
 * What a writer is told as a tree streams by, synchronously and in tree
 * order (see compareTreeOrder). A regular file with content is followed by
 * `data` pieces that add up to its size, then `endFile`; every other entry
 * stands alone.
 */
export interface TreeSink {
  /**
   * One entry. `linkTo`: a hard link whose content went with an earlier
   * kept entry, that entry's path; no content follows it.
   */
  entry(entry: TreeEntry, linkTo?: string): void;
  data(chunk: Buffer): void;
  endFile(): void;
}

export interface ReadTreeOptions {
  /** Glob patterns of paths to leave out (fpm's `--exclude`). */
  excludes: readonly string[];
  /** Every mtime is clamped to it; directories the tar only implied get it. */
  sourceDateEpoch: number;
  /** Where the scratch files go (ELF files, hard-linked contents). */
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
/** Spooled content goes back to a writer in pieces of this size. */
const SPOOL_PIECE = 1 << 20;

/** A hard link needed content that had already gone by: read the tree again with `linked`. */
export class HardLinksFound extends Error {
  constructor(readonly linked: Set<string>) {
    super(`the tree holds ${linked.size} hard-linked files`);
  }
}

interface LinkGroup {
  id: number;
  firstKept?: string;
  spool?: {offset: number; size: number};
}

/** The regular file whose content is passing: where its bytes go besides the writer. */
interface Passing {
  /** The kept entry, whose content goes to the writer (and ELF facts come from it); undefined for an excluded group leader being spooled. */
  file?: TreeEntry;
  group?: LinkGroup;
  /** The first bytes, until there are four to tell an ELF file by. */
  head?: Buffer;
  /** Bytes of an ELF file copied to the scratch file so far; -1 while unknown, -2 when it is no ELF file. */
  elf: number;
  spoolAt: number;
}

/**
 * Reads an install tree's tar stream once, in order, and tells a TreeSink
 * its entries as they arrive: excludes applied, mtimes clamped, implied
 * parent directories added, hard links grouped. On the way it finds what
 * ELF files need and provide. The stream must be in tree order (GNU
 * `tar --sort=name`); anything else is an error, since a package's bytes
 * must not depend on a file system's directory order.
 *
 * All of it runs synchronously inside each input chunk, with one wait per
 * chunk (for the writer's output): at the compressor's speed, a promise
 * per piece of a file cost more than the parsing (bench/RESULTS.md, row
 * "node's share of `vdist package`").
 */
export class TreeReader {
  readonly facts: TreeFacts = {needed: new Set(), provided: new Set(), fileCount: 0, installedSize: 0};
  private readonly architectures = new Map<string, number>();
  private readonly excluded: (path: string) => boolean;
  private readonly groups = new Map<string, LinkGroup>();
  private readonly seenDirs = new Set<string>(['/']);
  private readonly extras: {path: string; key: Buffer; content: Buffer}[];
  private sink?: TreeSink;
  private previous = '';
  private previousKey: Buffer = Buffer.alloc(0);
  /** Set once a hard link needs content that went by: from then on only link targets are collected. */
  private missing?: Set<string>;
  private passing?: Passing;
  private scratch?: number;
  private spool?: number;
  private spoolSize = 0;
  /** Spooled content the writer gets next, before the parser goes on. */
  private replay?: {offset: number; size: number};

  constructor(private readonly tarStream: Readable, private readonly options: ReadTreeOptions) {
    this.excluded = globMatcher(options.excludes);
    this.extras = (options.extraFiles ?? []).map((f) => ({...f, key: treeOrderKey(f.path)})).sort((a, b) => Buffer.compare(a.key, b.key));
  }

  /**
   * Reads the whole tree into `sink`. `ready`, when given, is awaited after
   * each input chunk: the writer's backpressure.
   */
  async read(sink: TreeSink, ready?: () => Promise<void> | undefined): Promise<void> {
    this.sink = sink;
    const parser = new TarParser({entry: (h) => this.entry(h), data: (c) => this.data(c), endEntry: () => this.endEntry()});
    try {
      await this.consume((chunk) => {
        const at = parser.push(chunk);
        return this.replay ? this.replayThenRest(parser, chunk, at, ready) : ready?.();
      });
      parser.end();
    } catch (error) {
      if (error instanceof TarFormatError) throw new VdistError(`Install tree: ${error.message}`, {code: 'PACKAGE_TREE'});
      throw error;
    } finally {
      if (this.scratch !== undefined) closeSync(this.scratch);
      this.scratch = undefined;
    }
    if (this.missing) throw new HardLinksFound(new Set([...(this.options.linked ?? []), ...this.missing]));
    this.extrasBefore();
    // A stray foreign ELF file (a test fixture in a wheel) must not decide: the majority does.
    this.facts.architecture = [...this.architectures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  }

  /**
   * Feeds the tar stream's chunks to `take` as they were written ('data'
   * events: an async iterator would join buffered chunks into new buffers),
   * pausing while the promise it returns is pending. On failure the stream
   * is left paused and unread, for the caller to drain.
   */
  private consume(take: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
    const stream = this.tarStream;
    return new Promise((resolve, reject) => {
      // The last chunk's work may still run when the stream ends: the end waits for it.
      let working: Promise<void> | undefined;
      const stop = (error?: unknown) => {
        stream.off('data', onData).off('end', onEnd).off('error', stop);
        stream.pause();
        if (error === undefined) resolve();
        else reject(error);
      };
      const onData = (chunk: Buffer) => {
        try {
          const waiting = take(chunk);
          if (!waiting) return;
          stream.pause();
          working = waiting.then(() => {
            working = undefined;
            stream.resume();
          }, stop);
        } catch (error) {
          stop(error);
        }
      };
      const onEnd = () => (working ? working.then(() => stop()) : stop());
      stream.on('data', onData).once('end', onEnd).once('error', stop);
    });
  }

  /**
   * A hard link's content from the spool goes to the writer piece by piece,
   * waiting on it between pieces (a spooled file may be large); then the rest
   * of the input chunk, which may pause again.
   */
  private async replayThenRest(parser: TarParser, chunk: Buffer, at: number, ready?: () => Promise<void> | undefined): Promise<void> {
    while (this.replay) {
      const spool = this.replay;
      this.replay = undefined;
      for (const piece of this.spooled(spool)) {
        this.sink!.data(piece);
        await ready?.();
      }
      this.sink!.endFile();
      if (at < chunk.length) at = parser.push(chunk, at);
    }
    await ready?.();
  }

  /** The content of hard-link group `id` (TreeEntry.linkGroup), from the spool, for writers that place it late. */
  *groupContent(id: number): Generator<Buffer> {
    const spool = [...this.groups.values()].find((g) => g.id === id)?.spool;
    if (!spool) throw new Error(`no spooled content for hard-link group ${id}`);
    yield* this.spooled(spool);
  }

  async close(): Promise<void> {
    if (this.spool !== undefined) closeSync(this.spool);
    this.spool = undefined;
  }

  /** True asks the parser to pause: a hard link's content is to be replayed from the spool first (this.replay). */
  private entry(h: TarEntryHeader): boolean | void {
    const sink = this.sink!;
    const path = normalizeEntryPath(h.name);
    if (path === '/') return;
    const key = treeOrderKey(path);
    if (this.previous !== '' && Buffer.compare(this.previousKey, key) >= 0) {
      throw new VdistError(`Install tree: ${path} came after ${this.previous}, out of order (the tar must come from \`tar --sort=name\`)`, {code: 'PACKAGE_TREE'});
    }
    this.previous = path;
    this.previousKey = key;
    if (this.missing) {
      // Only collecting the hard-linked paths for the next pass now.
      if (h.type === 'link') this.missing.add(normalizeEntryPath(h.linkname));
      return;
    }
    this.extrasBefore(path, key);
    const sde = this.options.sourceDateEpoch;
    const entry = {path, mode: h.mode & 0o7777, size: 0, mtime: Math.min(h.mtime, sde), linkGroup: 0};
    const keep = !this.excluded(path);
    if (keep) this.impliedParents(path);
    if (h.type === 'directory') {
      const implied = this.seenDirs.has(path);
      this.seenDirs.add(path);
      if (keep && !implied) sink.entry({...entry, type: 'directory'});
    } else if (h.type === 'symlink') {
      if (keep) sink.entry({...entry, type: 'symlink', linkTarget: h.linkname});
    } else if (h.type === 'file') {
      const file: TreeEntry = {...entry, type: 'file', size: h.size};
      const group = this.options.linked?.has(path) ? this.group(path) : undefined;
      if (group) file.linkGroup = group.id;
      if (keep) {
        if (group) group.firstKept = path;
        this.count(file);
        sink.entry(file);
      }
      // An excluded group leader's content is still spooled, for a kept member.
      if (keep || group) this.passing = {file: keep ? file : undefined, group, elf: keep ? -1 : -2, spoolAt: this.spoolSize};
    } else if (h.type === 'link') {
      const target = normalizeEntryPath(h.linkname);
      let group = this.groups.get(target);
      if (!group && !this.options.linksNeedSpool && !this.excluded(target)) {
        // The target went by as a plain file: a later member only needs to point at it.
        group = this.group(target);
        group.firstKept = target;
      }
      if (!group || (!group.spool && (this.options.linksNeedSpool || !group.firstKept))) {
        this.missing = new Set([target]);
        return;
      }
      if (!keep) return;
      const file: TreeEntry = {...entry, type: 'file', size: group.spool?.size ?? h.size, linkGroup: group.id};
      if (group.firstKept) {
        sink.entry(file, group.firstKept);
        return;
      }
      group.firstKept = path;
      this.count(file);
      sink.entry(file);
      this.replay = group.spool!;
      return true;
    } else {
      throw new VdistError(`Install tree: ${path} is a ${describeType(h.typeflag)}; packages may hold only files, directories, symlinks and hard links`, {code: 'PACKAGE_TREE'});
    }
  }

  private data(chunk: Buffer): void {
    const p = this.passing;
    if (!p) return;
    if (p.elf === -1) this.elfStart(p, chunk);
    if (p.elf >= 0) {
      writeSync(this.scratch!, chunk, 0, chunk.length, p.elf);
      p.elf += chunk.length;
    }
    if (p.group) {
      this.spool ??= openSync(join(this.options.workDir, 'links'), 'w+');
      writeSync(this.spool, chunk, 0, chunk.length, this.spoolSize);
      this.spoolSize += chunk.length;
    }
    if (p.file) this.sink!.data(chunk);
  }

  private endEntry(): void {
    const p = this.passing;
    if (!p) return;
    this.passing = undefined;
    if (p.group) p.group.spool = {offset: p.spoolAt, size: this.spoolSize - p.spoolAt};
    if (p.elf > 0) this.elfFacts(p.file!, p.elf);
    if (p.file) this.sink!.endFile();
  }

  /**
   * Decides whether a file is ELF once four bytes of it have passed (they may
   * come in more than one piece), and starts its copy in the scratch file.
   */
  private elfStart(p: Passing, chunk: Buffer): void {
    const head = p.head ? Buffer.concat([p.head, chunk.subarray(0, 4)]) : chunk;
    if (head.length < 4 && p.file!.size > head.length) {
      p.head = head;
      return;
    }
    p.elf = -2;
    if (head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC)) {
      // Each ELF file is copied over the previous one: its facts are read as it ends.
      this.scratch ??= openSync(join(this.options.workDir, 'elf'), 'w+');
      p.elf = 0;
      if (p.head) {
        writeSync(this.scratch, p.head, 0, p.head.length, 0);
        p.elf = p.head.length;
      }
    }
    p.head = undefined;
  }

  private elfFacts(file: TreeEntry, size: number): void {
    const elf = readElf(this.scratch!, 0, size);
    if (!elf) return;
    const {path} = file;
    if (elf.architecture) {
      this.architectures.set(elf.architecture, (this.architectures.get(elf.architecture) ?? 0) + 1);
      const paths = ((this.facts.elfPaths ??= new Map()).get(elf.architecture) ?? []).concat(path).slice(0, ELF_PATHS_KEPT);
      this.facts.elfPaths.set(elf.architecture, paths);
    }
    addElfFacts(this.facts, elf, path, (file.mode & 0o111) !== 0);
  }

  /** The extra files that sort before `path` (all that are left when undefined); one the tree has itself is dropped. */
  private extrasBefore(path?: string, key?: Buffer): void {
    const sde = this.options.sourceDateEpoch;
    while (this.extras.length > 0 && (key === undefined || Buffer.compare(this.extras[0]!.key, key) <= 0)) {
      const extra = this.extras.shift()!;
      if (extra.path === path || this.excluded(extra.path)) continue;
      this.impliedParents(extra.path);
      const file: TreeEntry = {path: extra.path, type: 'file', mode: 0o644, size: extra.content.length, mtime: sde, linkGroup: 0};
      this.count(file);
      this.facts.addedFileCount = (this.facts.addedFileCount ?? 0) + 1;
      this.sink!.entry(file);
      if (extra.content.length > 0) this.sink!.data(extra.content);
      this.sink!.endFile();
    }
  }

  /** Ancestors of `path` the stream has not named yet, outermost first, as directories. */
  private impliedParents(path: string): void {
    const missing: string[] = [];
    for (let p = parentPath(path); !this.seenDirs.has(p); p = parentPath(p)) {
      missing.unshift(p);
      this.seenDirs.add(p);
    }
    const mtime = this.options.sourceDateEpoch;
    for (const dir of missing) this.sink!.entry({path: dir, type: 'directory', mode: 0o755, size: 0, mtime, linkGroup: 0});
  }

  private group(path: string): LinkGroup {
    const group = {id: this.groups.size + 1};
    this.groups.set(path, group);
    return group;
  }

  private count(file: TreeEntry): void {
    this.facts.fileCount++;
    this.facts.installedSize += file.size;
  }

  private *spooled(at: {offset: number; size: number}): Generator<Buffer> {
    for (let done = 0; done < at.size; ) {
      const piece = Buffer.allocUnsafe(Math.min(SPOOL_PIECE, at.size - done));
      const n = readSync(this.spool!, piece, 0, piece.length, at.offset + done);
      if (n <= 0) throw new Error('the hard-link spool ended early');
      yield piece.subarray(0, n);
      done += n;
    }
  }
}

/** tar's typeflags for what a package cannot hold. */
function describeType(typeflag: string): string {
  return {'3': 'character device', '4': 'block device', '6': 'fifo'}[typeflag] ?? `tar entry of type "${typeflag}"`;
}

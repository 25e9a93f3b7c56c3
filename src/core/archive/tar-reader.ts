/**
 * A push parser for the tar streams that install trees arrive in (GNU tar's
 * `gnu` and `posix` formats, and ustar): bytes go in with `push` in chunks of
 * any size, and the handler is called synchronously with each entry's header
 * and then its content, as slices of the pushed chunks (no copies).
 *
 * The packaging path reads every byte of a tree through here, so it is ours
 * rather than tar-stream's: a stream object and a few promises per entry cost
 * node about 0.45 CPU-s on a 10,000-file, 160 MB Python tree, which on two
 * cores is a third of a second of a package step that should run at the
 * compressor's speed (bench/RESULTS.md, row "node's share of `vdist package`").
 * tar-stream still moves the source in and other results out, where no such
 * budget applies.
 */

export type TarEntryType = 'file' | 'link' | 'symlink' | 'directory' | 'other';

export interface TarEntryHeader {
  name: string;
  type: TarEntryType;
  /** The typeflag as it stood, for messages about `other` entries. */
  typeflag: string;
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Bytes of content that follow (regular files). */
  size: number;
  linkname: string;
}

export interface TarHandler {
  /** A new entry; returning true pauses `push` right after its header (see push). */
  entry(header: TarEntryHeader): boolean | void;
  /** A piece of the current entry's content; the pieces of one entry add up to its size. */
  data(chunk: Buffer): void;
  /** The current entry's content is complete (called for every entry, after its data). */
  endEntry(): void;
}

/** The stream is not a tar this reader can trust. */
export class TarFormatError extends Error {}

const BLOCK = 512;

/** Typeflags whose content describes the next entry. */
const META = new Set(['L', 'K', 'x', 'g']);

const TYPES: Record<string, TarEntryType> = {'0': 'file', '\0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '5': 'directory'};

/** A numeric field: octal digits (NUL or space ended), or GNU base-256 when the top bit is set. */
function numeric(block: Buffer, offset: number, width: number): number {
  if (block[offset]! & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + width; i++) value = value * 256 + block[i]!;
    if (block[offset] === 0xff) throw new TarFormatError('negative base-256 number in a tar header');
    return value + (block[offset]! & 0x7f) * 256 ** (width - 1);
  }
  let value = 0;
  let i = offset;
  const end = offset + width;
  while (i < end && block[i] === 0x20) i++;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  return value;
}

/** A NUL-ended string field. */
function text(block: Buffer, offset: number, width: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end < 0 || end > offset + width ? offset + width : end);
}

function checksumMatches(block: Buffer): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  return sum === numeric(block, 148, 8);
}

/** pax extended header records (`LEN key=value\n`): the keys this reader applies. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(data.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length) throw new TarFormatError('malformed pax extended header');
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

export class TarParser {
  private readonly head = Buffer.alloc(BLOCK);
  private headLength = 0;
  /** Content bytes of the current entry still to come, then its padding. */
  private remaining = 0;
  private padding = 0;
  /** The current entry is a meta entry (L, K, x, g) whose content is collected here. */
  private meta?: {typeflag: string; parts: Buffer[]};
  private longName?: string;
  private longLink?: string;
  private pax?: Map<string, string>;
  private inEntry = false;

  constructor(private readonly handler: TarHandler) {}

  /**
   * Parses `chunk` from `from` on, and returns where it stopped: the chunk's
   * end, or just after a header whose `entry` handler asked for a pause. The
   * caller then pushes the rest of the chunk from there.
   */
  push(chunk: Buffer, from = 0): number {
    let at = from;
    const length = chunk.length;
    while (at < length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, length - at);
        const piece = chunk.subarray(at, at + take);
        at += take;
        this.remaining -= take;
        if (this.meta) this.meta.parts.push(piece);
        else this.handler.data(piece);
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, length - at);
        at += skip;
        this.padding -= skip;
        continue;
      }
      let block: Buffer;
      if (this.headLength === 0 && length - at >= BLOCK) {
        block = chunk.subarray(at, at + BLOCK);
        at += BLOCK;
      } else {
        const take = Math.min(BLOCK - this.headLength, length - at);
        chunk.copy(this.head, this.headLength, at, at + take);
        this.headLength += take;
        at += take;
        if (this.headLength < BLOCK) continue;
        this.headLength = 0;
        block = this.head;
      }
      if (this.header(block)) return at;
    }
    return at;
  }

  /** The input is complete: anything cut short is an error. */
  end(): void {
    if (this.remaining > 0 || this.headLength > 0 || this.inEntry) throw new TarFormatError('the tar stream ended in the middle of an entry');
    if (this.meta || this.longName !== undefined || this.longLink !== undefined || this.pax) throw new TarFormatError('the tar stream ended after an extended header, before its entry');
  }

  /** Reads one header block; true when its entry's handler asked for a pause. */
  private header(block: Buffer): boolean {
    // End-of-archive blocks (GNU tar pads the last record with more of them) are passed over, as tar -i does.
    if (block[0] === 0 && block.every((b) => b === 0)) return false;
    if (!checksumMatches(block)) throw new TarFormatError('bad tar header checksum: the stream is not a tar, or it is corrupt');
    const typeflag = String.fromCharCode(block[156]!);
    let size = numeric(block, 124, 12);
    if (META.has(typeflag)) {
      this.meta = {typeflag, parts: []};
      this.expect(size);
      return false;
    }
    let name = text(block, 0, 100);
    // POSIX ustar keeps a prefix for long names; GNU's own magic uses that space for other fields.
    if (block.toString('latin1', 257, 263) === 'ustar\0' && block[345] !== 0) name = `${text(block, 345, 155)}/${name}`;
    let linkname = text(block, 157, 100);
    let mtime = numeric(block, 136, 12);
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) linkname = this.longLink;
    const pax = this.pax;
    if (pax) {
      name = pax.get('path') ?? name;
      linkname = pax.get('linkpath') ?? linkname;
      if (pax.has('size')) size = Number(pax.get('size'));
      if (pax.has('mtime')) mtime = Math.floor(Number(pax.get('mtime')));
    }
    this.longName = this.longLink = this.pax = undefined;
    const type = TYPES[typeflag] ?? 'other';
    // Only regular files carry content; a GNU hard link's size field is 0, but do not trust others.
    const content = type === 'file' || type === 'other' ? size : 0;
    if (!Number.isSafeInteger(content) || content < 0) throw new TarFormatError(`bad size in the tar header of ${name}`);
    const pause = this.handler.entry({name, type, typeflag, mode: numeric(block, 100, 8), mtime, size: content, linkname}) === true;
    this.inEntry = true;
    this.expect(content);
    return pause;
  }

  private expect(size: number): void {
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const meta = this.meta;
    if (!meta) {
      this.inEntry = false;
      this.handler.endEntry();
      return;
    }
    this.meta = undefined;
    const data = Buffer.concat(meta.parts);
    if (meta.typeflag === 'L') this.longName = text(data, 0, data.length);
    else if (meta.typeflag === 'K') this.longLink = text(data, 0, data.length);
    else if (meta.typeflag === 'x') this.pax = paxRecords(data);
    // 'g' (global pax headers) holds nothing a package writer uses.
  }
}

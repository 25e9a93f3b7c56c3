/**
 * GNU tar headers, as dpkg-deb writes them and as dpkg (which reads no pax
 * headers before 1.22) can read: names over 100 bytes get a `././@LongLink`
 * entry of type L (K for link targets), sizes over 8 GiB are base-256.
 */

export type TarType = 'file' | 'hardlink' | 'symlink' | 'directory';

export interface TarHeader {
  name: string;
  type: TarType;
  mode: number;
  mtime: number;
  size?: number;
  linkname?: string;
}

const TYPEFLAG: Record<TarType | 'longname' | 'longlink', string> = {file: '0', hardlink: '1', symlink: '2', directory: '5', longname: 'L', longlink: 'K'};
const BLOCK = 512;

function octal(buf: Buffer, value: number, offset: number, width: number): void {
  buf.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'latin1');
}

/** A size field: octal while it fits 11 digits (8 GiB - 1), else GNU base-256. */
export function encodeTarSize(buf: Buffer, size: number, offset = 124): void {
  if (size < 8 ** 11) {
    octal(buf, size, offset, 12);
    return;
  }
  buf[offset] = 0x80;
  buf.fill(0, offset + 1, offset + 4);
  buf.writeBigUInt64BE(BigInt(size), offset + 4);
}

function block(name: Buffer, typeflag: string, h: {mode: number; mtime: number; size: number; linkname?: Buffer}): Buffer {
  const buf = Buffer.alloc(BLOCK);
  name.copy(buf, 0, 0, Math.min(name.length, 100));
  octal(buf, h.mode & 0o7777, 100, 8);
  octal(buf, 0, 108, 8);
  octal(buf, 0, 116, 8);
  encodeTarSize(buf, h.size);
  octal(buf, h.mtime, 136, 12);
  buf.write(typeflag, 156, 'latin1');
  if (h.linkname) h.linkname.copy(buf, 157, 0, Math.min(h.linkname.length, 100));
  buf.write('ustar  \0', 257, 'latin1');
  buf.write('root', 265, 'latin1');
  buf.write('root', 297, 'latin1');
  buf.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += buf[i]!;
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return buf;
}

const ZEROS = Buffer.alloc(BLOCK);

/** Zero bytes that bring `size` to a whole number of blocks (a shared buffer: copy it, never write to it). */
export function tarPadding(size: number): Buffer {
  return ZEROS.subarray(0, (BLOCK - (size % BLOCK)) % BLOCK);
}

function longEntry(kind: 'longname' | 'longlink', value: Buffer): Buffer {
  const data = Buffer.concat([value, Buffer.alloc(1)]);
  const head = block(Buffer.from('././@LongLink', 'latin1'), TYPEFLAG[kind], {mode: 0o644, mtime: 0, size: data.length});
  return Buffer.concat([head, data, tarPadding(data.length)]);
}

/** The header block(s) of one entry, owner root:root; the caller writes the content and tarPadding(size). */
export function tarHeader(h: TarHeader): Buffer {
  const name = Buffer.from(h.name, 'utf8');
  const link = h.linkname === undefined ? undefined : Buffer.from(h.linkname, 'utf8');
  const parts: Buffer[] = [];
  if (link && link.length > 100) parts.push(longEntry('longlink', link));
  if (name.length > 100) parts.push(longEntry('longname', name));
  const head = block(name, TYPEFLAG[h.type], {mode: h.mode, mtime: h.mtime, size: h.type === 'file' ? (h.size ?? 0) : 0, linkname: link});
  if (parts.length === 0) return head;
  parts.push(head);
  return Buffer.concat(parts);
}

/** The end of an archive: two zero blocks. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

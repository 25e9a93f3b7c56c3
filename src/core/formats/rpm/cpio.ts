/**
 * The SVR4 "newc" cpio format (magic 070701) that rpm payloads use: a 110-byte
 * ASCII-hex header, the NUL-terminated name padded to 4 bytes, then the data
 * padded to 4 bytes.
 */

export interface CpioEntry {
  name: string;
  ino: number;
  mode: number;
  nlink: number;
  mtime: number;
  size: number;
}

const hex8 = (n: number, field: string) => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`cpio ${field} out of range: ${n}`);
  return n.toString(16).toUpperCase().padStart(8, '0');
};

/** The header and padded name of one entry (data and its padding follow). */
export function cpioHeader(entry: CpioEntry): Buffer {
  const name = Buffer.from(entry.name + '\0', 'utf8');
  const fields = [entry.ino, entry.mode, 0, 0, entry.nlink, entry.mtime, entry.size, 0, 0, 0, 0, name.length, 0];
  const names = ['ino', 'mode', 'uid', 'gid', 'nlink', 'mtime', 'size', 'devmajor', 'devminor', 'rdevmajor', 'rdevminor', 'namesize', 'check'];
  const head = Buffer.from('070701' + fields.map((v, i) => hex8(v, names[i]!)).join(''), 'latin1');
  return Buffer.concat([head, name, cpioPadding(head.length + name.length)]);
}

/** Zero bytes that bring `length` to a multiple of 4. */
export function cpioPadding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

/** The end-of-archive marker entry. */
export function cpioTrailer(): Buffer {
  return cpioHeader({name: 'TRAILER!!!', ino: 0, mode: 0, nlink: 1, mtime: 0, size: 0});
}

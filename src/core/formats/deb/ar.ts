/**
 * The common `ar` format as dpkg reads it: a global magic, then members, each
 * a 60-byte text header followed by the data, padded to an even length.
 */

/** The archive's first 8 bytes. */
export const AR_MAGIC = Buffer.from('!<arch>\n', 'latin1');

/** One member header. Owner root, mode 0644, the given mtime: nothing host-specific. */
export function arHeader(name: string, size: number, mtime: number): Buffer {
  if (name.length > 16) throw new Error(`ar member name too long: ${name}`);
  const field = (value: string | number, width: number) => String(value).padEnd(width, ' ');
  const text = field(name, 16) + field(mtime, 12) + field(0, 6) + field(0, 6) + field(100644, 8) + field(size, 10) + '`\n';
  return Buffer.from(text, 'latin1');
}

/** The padding that follows a member of `size` bytes. */
export function arPadding(size: number): Buffer {
  return size % 2 === 1 ? Buffer.from('\n', 'latin1') : Buffer.alloc(0);
}

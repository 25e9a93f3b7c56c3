/**
 * rpm's header structure (the same for the signature and the main header):
 * magic, index entries {tag, type, offset, count} sorted by tag, then the
 * data store. Both headers start with a region tag whose trailer says the
 * whole header is "immutable" (signed).
 */

export const RPM_TYPE = {
  INT8: 2,
  INT16: 3,
  INT32: 4,
  INT64: 5,
  STRING: 6,
  BIN: 7,
  STRING_ARRAY: 8,
  I18NSTRING: 9,
} as const;

export type RpmValue =
  | {type: 'INT16' | 'INT32' | 'INT64'; value: readonly (number | bigint)[]}
  | {type: 'STRING'; value: string}
  | {type: 'STRING_ARRAY' | 'I18NSTRING'; value: readonly string[]}
  | {type: 'BIN'; value: Buffer};

export const HEADER_SIGNATURES = 62;
export const HEADER_IMMUTABLE = 63;

const MAGIC = Buffer.from([0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0]);
const ALIGN: Partial<Record<RpmValue['type'], number>> = {INT16: 2, INT32: 4, INT64: 8};
const WIDTH = {INT16: 2, INT32: 4, INT64: 8} as const;

/** The bytes of one value in the data store, and its count. */
export function encodeValue(v: RpmValue): {data: Buffer; count: number} {
  switch (v.type) {
    case 'INT16':
    case 'INT32':
    case 'INT64': {
      const width = WIDTH[v.type];
      const buf = Buffer.alloc(width * v.value.length);
      v.value.forEach((n, i) => {
        if (v.type === 'INT16') buf.writeUInt16BE(Number(n) & 0xffff, i * 2);
        else if (v.type === 'INT32') buf.writeUInt32BE(Number(n) >>> 0, i * 4);
        else buf.writeBigUInt64BE(BigInt(n), i * 8);
      });
      return {data: buf, count: v.value.length};
    }
    case 'STRING':
      return {data: Buffer.from(`${v.value}\0`, 'utf8'), count: 1};
    case 'STRING_ARRAY':
    case 'I18NSTRING':
      return {data: Buffer.concat(v.value.map((s) => Buffer.from(`${s}\0`, 'utf8'))), count: v.value.length};
    case 'BIN':
      return {data: v.value, count: v.value.length};
  }
}

/**
 * Encodes a header. `regionTag` (62 for the signature, 63 for the main
 * header) becomes the first index entry, pointing at a 16-byte trailer at the
 * end of the data store whose offset is minus the size of the index.
 */
export function encodeHeader(tags: ReadonlyMap<number, RpmValue>, regionTag: number): Buffer {
  const sorted = [...tags.entries()].sort((a, b) => a[0] - b[0]);
  const indexCount = sorted.length + 1;
  const index: Buffer[] = [];
  const store: Buffer[] = [];
  let size = 0;
  const entry = (tag: number, type: number, offset: number, count: number) => {
    const b = Buffer.alloc(16);
    b.writeUInt32BE(tag, 0);
    b.writeUInt32BE(type, 4);
    b.writeInt32BE(offset, 8);
    b.writeUInt32BE(count, 12);
    return b;
  };
  for (const [tag, value] of sorted) {
    const align = ALIGN[value.type] ?? 1;
    const pad = (align - (size % align)) % align;
    if (pad > 0) {
      store.push(Buffer.alloc(pad));
      size += pad;
    }
    const {data, count} = encodeValue(value);
    index.push(entry(tag, RPM_TYPE[value.type], size, count));
    store.push(data);
    size += data.length;
  }
  const trailer = entry(regionTag, RPM_TYPE.BIN, -indexCount * 16, 16);
  const region = entry(regionTag, RPM_TYPE.BIN, size, 16);
  store.push(trailer);
  size += 16;
  const intro = Buffer.alloc(8);
  intro.writeUInt32BE(indexCount, 0);
  intro.writeUInt32BE(size, 4);
  return Buffer.concat([MAGIC, intro, region, ...index, ...store]);
}

/** Decodes a header back into tag -> raw data and type (for tests and golden files). */
export function decodeHeader(buf: Buffer): Map<number, {type: number; count: number; data: Buffer}> {
  if (!buf.subarray(0, 3).equals(MAGIC.subarray(0, 3))) throw new Error('not an rpm header');
  const count = buf.readUInt32BE(8);
  const storeSize = buf.readUInt32BE(12);
  const storeStart = 16 + count * 16;
  const out = new Map<number, {type: number; count: number; data: Buffer}>();
  const offsets = [];
  for (let i = 0; i < count; i++) {
    const o = 16 + i * 16;
    offsets.push({tag: buf.readUInt32BE(o), type: buf.readUInt32BE(o + 4), offset: buf.readInt32BE(o + 8), count: buf.readUInt32BE(o + 12)});
  }
  const starts = offsets.map((e) => e.offset).filter((o) => o >= 0).sort((a, b) => a - b);
  for (const e of offsets) {
    const next = starts.find((s) => s > e.offset) ?? storeSize;
    out.set(e.tag, {type: e.type, count: e.count, data: buf.subarray(storeStart + e.offset, storeStart + next)});
  }
  return out;
}

import {availableParallelism} from 'node:os';
import {promisify} from 'node:util';
import {constants, crc32, deflateRaw, type ZlibOptions} from 'node:zlib';

const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

/** Input bytes per independently compressed block. */
export const GZIP_BLOCK = 128 * 1024;
/** deflate's window: each block may refer back this far into the block before it. */
const WINDOW = 32 * 1024;

/**
 * gzip on every core, as one ordinary gzip member that any gunzip reads.
 * The input is cut into fixed blocks, each deflated on libuv's thread pool
 * with the previous block's last 32 KiB as its dictionary, and ended with a
 * sync flush (the last with a final block), so the raw streams join into
 * one deflate stream. Block bounds depend only on the input, never on the
 * number of threads or on timing: the output is the same on every machine.
 * It is not the bytes one zlib stream would write (the flushes cost a few
 * bytes per block, and no match crosses more than one block back).
 *
 * The gzip header has no name and mtime 0, as `gzip -n` writes it.
 */
export function parallelGzip(level: number, inFlight = availableParallelism() + 1) {
  return async function* gzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    yield gzipHeader(level);
    let crc = 0;
    let size = 0;
    const held: Buffer[] = [];
    let heldBytes = 0;
    let previous: Buffer | undefined;
    const blocks: Promise<Buffer>[] = [];
    const start = (block: Buffer, last: boolean) => {
      const options: ZlibOptions = {level, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH};
      if (previous) options.dictionary = previous.subarray(Math.max(0, previous.length - WINDOW));
      const deflated = deflateRawAsync(block, options);
      deflated.catch(() => undefined); // awaited in order below; not unhandled meanwhile
      blocks.push(deflated);
      previous = block;
    };
    // The first n held bytes, copied only when they span chunks.
    const take = (n: number): Buffer => {
      heldBytes -= n;
      const parts: Buffer[] = [];
      for (let need = n; need > 0; ) {
        const head = held[0]!;
        if (head.length <= need) {
          parts.push(head);
          held.shift();
          need -= head.length;
        } else {
          parts.push(head.subarray(0, need));
          held[0] = head.subarray(need);
          need = 0;
        }
      }
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
    };
    for await (const chunk of source) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      held.push(chunk);
      heldBytes += chunk.length;
      while (heldBytes >= GZIP_BLOCK) {
        start(take(GZIP_BLOCK), false);
        while (blocks.length > inFlight) yield await blocks.shift()!;
      }
    }
    start(take(heldBytes), true);
    while (blocks.length > 0) yield await blocks.shift()!;
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(size % 2 ** 32, 4);
    yield trailer;
  };
}

/** ID, deflate, no flags, mtime 0, zlib's extra flags for the level, OS 3 (Unix). */
function gzipHeader(level: number): Buffer {
  const extraFlags = level === 9 ? 2 : level < 2 ? 4 : 0;
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3]);
}

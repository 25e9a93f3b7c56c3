import {createHash, type Hash} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {availableParallelism} from 'node:os';
import {Transform, type Readable, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {exec} from '../exec.js';

export type CompressionAlgorithm = 'gzip' | 'xz' | 'zstd';

export interface Compression {
  algorithm: CompressionAlgorithm;
  /** gzip 1-9 (default 9), xz 0-9 (default 6), zstd 1-19 (default 19 for packages... see DEFAULT_LEVEL). */
  level?: number;
}

/** Defaults match what dpkg-deb and rpmbuild use for each compressor. */
export const DEFAULT_LEVEL: Record<CompressionAlgorithm, number> = {gzip: 9, xz: 6, zstd: 19};

/** File-name suffixes, as in `data.tar.xz`. */
export const SUFFIX: Record<CompressionAlgorithm, string> = {gzip: 'gz', xz: 'xz', zstd: 'zst'};

const LEVEL_RANGE: Record<CompressionAlgorithm, [number, number]> = {gzip: [1, 9], xz: [0, 9], zstd: [1, 19]};

/** The level to use, checked against the compressor's range. */
export function compressionLevel(c: Compression): number {
  const level = c.level ?? DEFAULT_LEVEL[c.algorithm];
  const [min, max] = LEVEL_RANGE[c.algorithm];
  if (!Number.isInteger(level) || level < min || level > max) {
    throw new RangeError(`${c.algorithm} compression level must be ${min}-${max}, got ${level}`);
  }
  return level;
}

export interface CompressedFile {
  /** Compressed size in bytes. */
  size: number;
  /** Uncompressed size in bytes. */
  inputSize: number;
  sha256: string;
  md5: Buffer;
}

/** Counts bytes and feeds them to hashes as they pass. */
class Tap extends Transform {
  size = 0;
  constructor(private readonly hashes: Hash[] = []) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    for (const h of this.hashes) h.update(chunk);
    done(null, chunk);
  }
}

/**
 * Compresses `input` into `outFile`, returning sizes and digests of the
 * compressed bytes. gzip runs in-process (header mtime 0, no name, so the
 * output is reproducible); xz and zstd run the system binaries; for xz
 * `-T+N` forces xz's multi-threaded encoder, whose output
 * does not depend on N, so any machine makes the same bytes.
 */
export async function compressToFile(input: Readable | AsyncIterable<Buffer>, c: Compression, outFile: string, signal?: AbortSignal): Promise<CompressedFile> {
  const level = compressionLevel(c);
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  const before = new Tap();
  const after = new Tap([sha, md5]);
  const out = createWriteStream(outFile);
  if (c.algorithm === 'gzip') {
    // Bigger chunks than zlib's 16 KiB default: fewer calls into zlib for large trees.
    await pipeline(input, before, createGzip({level, chunkSize: 256 * 1024}), after, out, {signal});
  } else {
    const argv = c.algorithm === 'xz' ? ['-z', '-c', `-T+${availableParallelism()}`, `-${level}`] : ['-q', '-c', '--no-progress', `-${level}`];
    const done = pipeline(after, out);
    const fed = pipeline(input, before);
    await Promise.all([exec(c.algorithm, argv, {stdin: before, stdout: after, capture: false, signal}), done, fed.catch((error: unknown) => {
      before.destroy(error as Error);
      throw error;
    })]);
  }
  return {size: after.size, inputSize: before.size, sha256: sha.digest('hex'), md5: md5.digest()};
}

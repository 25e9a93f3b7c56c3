import {createHash, type Hash} from 'node:crypto';
import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import {Transform, type Readable, type TransformCallback} from 'node:stream';
import {finished, pipeline} from 'node:stream/promises';
import {exec} from '../exec.js';
import {parallelGzip} from './parallel-gzip.js';
import type {Compression, CompressionAlgorithm} from '../types.js';

export type {Compression, CompressionAlgorithm} from '../types.js';


/** Defaults match what dpkg-deb and rpmbuild use for each compressor. */
export const DEFAULT_LEVEL: Record<CompressionAlgorithm, number> = {gzip: 9, xz: 6, zstd: 19};

/** File-name suffixes, as in `data.tar.xz`. */
export const SUFFIX: Record<CompressionAlgorithm, string> = {gzip: 'gz', xz: 'xz', zstd: 'zst'};

const LEVEL_RANGE: Record<CompressionAlgorithm, [number, number]> = {gzip: [1, 9], xz: [0, 9], zstd: [1, 19]};

const NAMES: Record<string, CompressionAlgorithm> = {gz: 'gzip', gzip: 'gzip', xz: 'xz', zst: 'zstd', zstd: 'zstd'};

/**
 * Reads a compression setting as vdist.toml, profiles and `--compression`
 * spell it: `xz`, `xz:1`, `zstd:10`, `gzip:9` (`gz` and `zst` too). Throws a
 * RangeError that says what is accepted.
 */
export function parseCompression(text: string): Compression {
  const m = /^([a-z]+)(?::(\d+))?$/.exec(text.trim());
  const algorithm = m ? NAMES[m[1]!] : undefined;
  if (!m || !algorithm) throw new RangeError(`"${text}" is not a compression: write gzip, xz or zstd, optionally with a level, e.g. "xz:1" or "zstd:10"`);
  const c: Compression = m[2] === undefined ? {algorithm} : {algorithm, level: Number(m[2])};
  compressionLevel(c);
  return c;
}

/** `xz:1`: the setting with its effective level. */
export function formatCompression(c: Compression): string {
  return `${c.algorithm}:${compressionLevel(c)}`;
}

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
  /** Digests of the compressed bytes, when asked for. */
  sha256?: string;
  md5?: Buffer;
}

/** Feeds the bytes that pass to hashes. */
class Tap extends Transform {
  constructor(private readonly hashes: Hash[]) {
    super({highWaterMark: 1 << 20});
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (const h of this.hashes) h.update(chunk);
    done(null, chunk);
  }
}

/** The argv of the external compressors. */
export function compressorArgv(c: Compression): [string, string[]] {
  const level = compressionLevel(c);
  if (c.algorithm === 'xz') return ['xz', ['-z', '-c', `-T+${availableParallelism()}`, `-${level}`]];
  return ['zstd', ['-q', '-c', '--no-progress', `-T${availableParallelism()}`, `-${level}`]];
}

/**
 * Compresses `source` (in large chunks: each is a write to the compressor's
 * pipe, see CoalescingOutput) into `outFile`, returning its size (and, with `digests`,
 * sha256 and md5 of the compressed bytes). gzip runs in-process, on every
 * core (parallel-gzip.ts: header mtime 0, no name, the same bytes on any
 * machine); xz and zstd run the
 * system binaries, multi-threaded: `xz -T+N` and `zstd -TN` give the same
 * bytes for any N, so every machine makes the same package. An error from
 * `source` wins over the compressor's reaction to it.
 */
export async function compressToFile(source: Readable, c: Compression, outFile: string, options: {digests?: boolean; signal?: AbortSignal} = {}): Promise<Omit<CompressedFile, 'inputSize'>> {
  const level = compressionLevel(c);
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let inputError: unknown;
  // Stops the compressor when the input fails: it would wait for the rest of its stdin forever.
  const stop = new AbortController();
  const fed = finished(source).catch((error: unknown) => {
    inputError = error;
    stop.abort();
    throw error;
  });
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // The compressed bytes pass through node only to be hashed (an rpm's payload digests); else xz and zstd write the file themselves.
  const hashing = options.digests ? new Tap([sha, md5]) : undefined;
  let compressing: Promise<unknown>;
  if (c.algorithm === 'gzip') {
    const gzip = parallelGzip(level);
    compressing = hashing ? pipeline(source, gzip, hashing, createWriteStream(outFile), {signal}) : pipeline(source, gzip, createWriteStream(outFile), {signal});
  } else if (hashing) {
    compressing = Promise.all([exec(...compressorArgv(c), {stdin: source, stdout: hashing, capture: false, signal}), pipeline(hashing, createWriteStream(outFile))]);
  } else {
    compressing = exec(...compressorArgv(c), {stdin: source, stdoutFile: outFile, capture: false, signal});
  }
  try {
    await Promise.all([fed, compressing]);
  } catch (error) {
    const first = inputError;
    stop.abort();
    source.destroy();
    await Promise.allSettled([fed, compressing]);
    throw first ?? error;
  }
  const digests = options.digests ? {sha256: sha.digest('hex'), md5: md5.digest()} : {};
  return {size: (await stat(outFile)).size, ...digests};
}

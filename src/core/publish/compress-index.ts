import {Writable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {exec} from '../exec.js';

/** gzip -9n of an index file (no name, no time: the same input gives the same bytes). */
export function gzipIndex(data: Buffer): Buffer {
  return gzipSync(data, {level: 9});
}

/** Runs a filter (xz, zstd) on `data`: its stdout, or undefined when it failed or is missing. */
export async function filterBytes(tool: string, args: string[], data: Buffer): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  const sink = new Writable({write: (c: Buffer, _e, cb) => (chunks.push(c), cb())});
  const r = await exec(tool, args, {input: data, stdout: sink, outputLevel: 'debug', allowFailure: true});
  return r.exitCode === 0 ? Buffer.concat(chunks) : undefined;
}

/** xz of an index file through the host's xz; undefined when there is no xz (the .gz then serves alone). */
export function xzIndex(data: Buffer): Promise<Buffer | undefined> {
  return filterBytes('xz', ['-6', '-c', '-T1'], data);
}

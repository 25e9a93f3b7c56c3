import {randomBytes} from 'node:crypto';
import {Readable} from 'node:stream';
import {gunzipSync} from 'node:zlib';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {GZIP_BLOCK, parallelGzip} from '../../../src/core/archive/parallel-gzip.js';

async function gzip(input: Buffer, options: {chunk?: number; inFlight?: number; level?: number} = {}): Promise<Buffer> {
  const chunk = options.chunk ?? 65536;
  const pieces = Array.from({length: Math.ceil(input.length / chunk)}, (_, i) => input.subarray(i * chunk, (i + 1) * chunk));
  const out: Buffer[] = [];
  for await (const b of parallelGzip(options.level ?? 6, options.inFlight)(Readable.from(pieces))) out.push(b);
  return Buffer.concat(out);
}

// Compressible text with some random runs: matches that reach back across block bounds.
function sample(size: number): Buffer {
  const text = Buffer.from(Array.from({length: 4000}, (_, i) => `line ${i % 977} of the sample ${'x'.repeat(i % 50)}\n`).join(''));
  const parts: Buffer[] = [];
  for (let n = 0; n < size; ) {
    const part = n % 3 === 0 ? randomBytes(5000) : text;
    parts.push(part);
    n += part.length;
  }
  return Buffer.concat(parts).subarray(0, size);
}

describe('parallel gzip', () => {
  it('writes one gzip member that gunzip (the system tool) and zlib read back byte for byte', async () => {
    const input = sample(3 * GZIP_BLOCK + 12345);
    const gz = await gzip(input);
    expect(gunzipSync(gz).equals(input)).toBe(true);
    const r = await execa('gzip', ['-dc'], {input: gz, encoding: 'buffer'});
    expect(Buffer.from(r.stdout).equals(input)).toBe(true);
    // `gzip -l` reads the trailer: the size and one member.
    const listed = await execa('gzip', ['-lv'], {input: gz});
    expect(listed.stdout).toContain(String(input.length));
  });

  it('writes the same bytes however the input is chunked and however many blocks are in flight', async () => {
    const input = sample(5 * GZIP_BLOCK + 1);
    const a = await gzip(input, {chunk: 7777, inFlight: 0});
    const b = await gzip(input, {chunk: 1 << 20, inFlight: 8});
    expect(a.equals(b)).toBe(true);
  });

  it('has no name and mtime 0 in its header, like gzip -n', async () => {
    const gz = await gzip(Buffer.from('hello'), {level: 9});
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  });

  it('handles empty input and input that ends on a block bound', async () => {
    expect(gunzipSync(await gzip(Buffer.alloc(0))).length).toBe(0);
    const exact = sample(2 * GZIP_BLOCK);
    expect(gunzipSync(await gzip(exact)).equals(exact)).toBe(true);
  });

  it('compresses about as well as one zlib stream', async () => {
    const input = sample(20 * GZIP_BLOCK);
    const {gzipSync} = await import('node:zlib');
    expect((await gzip(input)).length).toBeLessThan(gzipSync(input, {level: 6}).length * 1.02);
  });
});

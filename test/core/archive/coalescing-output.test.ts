import {CoalescingOutput} from '../../../src/core/archive/coalescing-output.js';

describe('CoalescingOutput', () => {
  it('joins small writes into 1 MiB chunks, in order, and counts them', async () => {
    const out = new CoalescingOutput();
    const written: Buffer[] = [];
    for (let i = 0; i < 5000; i++) {
      const piece = Buffer.alloc(1000, i % 251);
      written.push(piece);
      out.write(piece);
      // The reader below is not reading yet: stop feeding once it is full, as the tree reader does.
      if (out.ready()) break;
    }
    const fed = written.length;
    out.end();
    const chunks: Buffer[] = [];
    for await (const chunk of out.readable) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.concat(written))).toBe(true);
    expect(out.bytes).toBe(fed * 1000);
    expect(chunks.slice(0, -1).every((c) => c.length === 1 << 20)).toBe(true);
  });

  it('makes the writer wait while the reader is behind, and lets it go when the reader reads or is gone', async () => {
    const out = new CoalescingOutput();
    while (!out.ready()) out.write(Buffer.alloc(64 * 1024));
    let released = false;
    const waiting = out.ready()!.then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(released).toBe(false);
    out.readable.read();
    await waiting;
    expect(released).toBe(true);

    while (!out.ready()) out.write(Buffer.alloc(64 * 1024));
    const gone = out.ready()!;
    out.readable.destroy();
    await gone;
    expect(out.ready()).toBeUndefined();
  });
});

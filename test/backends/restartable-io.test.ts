import {createHash} from 'node:crypto';
import {once} from 'node:events';
import {Readable, Writable} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';
import {HeldOutput, ReplayableInput} from '../../src/backends/restartable-io.js';

/** `count` chunks of 4 KiB, each filled with its own number, made as they are read. */
function numbered(count: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      this.push(i < count ? Buffer.alloc(4096, i++) : null);
    },
  });
}

async function digest(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('ReplayableInput', () => {
  it('gives a later try what the earlier tries took, then the rest, in order', async () => {
    const whole = await digest(numbered(100));
    const input = new ReplayableInput(numbered(100));
    const first = input.next();
    first.read(4096 * 3); // a try that took a little, then died
    await sleep(20);
    const second = input.next();
    second.read(10);
    await sleep(20);
    expect(input.replayable).toBe(true);
    expect(await digest(input.next())).toBe(whole);
  });

  it('gives a try after the source ended all of it, ended', async () => {
    const input = new ReplayableInput(numbered(3));
    expect(await digest(input.next())).toBe(await digest(numbered(3)));
    expect(await digest(input.next())).toBe(await digest(numbered(3)));
  });

  it('is no longer replayable once more than its limit was taken', async () => {
    // Streams between hold some 32 KiB more than was read: the limit leaves room for them.
    const input = new ReplayableInput(numbered(40), 4096 * 20);
    const first = input.next();
    first.read(4096 * 4);
    await sleep(20);
    expect(input.replayable).toBe(true);
    for await (const chunk of first) void chunk;
    expect(input.replayable).toBe(false);
  });

  it('ends the try\'s stream when the source fails, and keeps its error', async () => {
    let reads = 0;
    const source = new Readable({
      read() {
        if (reads++ === 0) this.push(Buffer.alloc(10));
        else this.destroy(new Error('source broke'));
      },
    });
    const input = new ReplayableInput(source);
    let bytes = 0;
    for await (const chunk of input.next()) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(10);
    expect(input.error?.message).toBe('source broke');
  });

  it('knows a source that failed before it was read', async () => {
    const source = new Readable({read() {}});
    source.on('error', () => {});
    source.destroy(new Error('failed early'));
    await sleep(1);
    const input = new ReplayableInput(source);
    for await (const chunk of input.next()) void chunk;
    expect(input.error?.message).toBe('failed early');
  });
});

describe('HeldOutput', () => {
  /** A destination that takes a chunk every few ms and holds little: it pushes back. */
  function slowSink() {
    const chunks: Buffer[] = [];
    let ends = 0;
    const sink = new Writable({
      highWaterMark: 1024,
      write: (chunk: Buffer, _e, done) => {
        chunks.push(chunk);
        setTimeout(done, 1);
      },
      final: (done) => {
        ends++;
        done();
      },
    });
    return {sink, bytes: () => Buffer.concat(chunks), ends: () => ends};
  }

  it('passes every try\'s bytes on in order, and ends the destination once, at finish', async () => {
    const {sink, bytes, ends} = slowSink();
    const output = new HeldOutput(sink);
    const first = output.next();
    first.end(); // a try that wrote nothing
    expect(output.written).toBe(0);
    const second = output.next();
    const source = numbered(50);
    source.pipe(second);
    // As after a try: its output all handed over, while the destination still holds some back.
    await once(source, 'end');
    expect(second.writableLength).toBeGreaterThan(0);
    await output.finish();
    await new Promise((done) => sink.once('finish', done));
    expect(output.written).toBe(50 * 4096);
    expect(createHash('sha256').update(bytes()).digest('hex')).toBe(await digest(numbered(50)));
    expect(ends()).toBe(1);
  });

  it('drops what a try writes once the destination is gone, so the try can finish', async () => {
    const {sink} = slowSink();
    const output = new HeldOutput(sink);
    const attempt = output.next();
    const source = numbered(50);
    source.pipe(attempt);
    await sleep(5);
    expect(source.readableEnded).toBe(false); // held back by the slow destination
    sink.destroy();
    await once(source, 'end');
    await output.finish();
    expect(attempt.writableFinished).toBe(true);
  });
});

import {Readable} from 'node:stream';

const CHUNK = 1 << 20;

/**
 * Where a package writer puts its encoded bytes: `write` is synchronous and
 * copies them into ~1 MiB chunks, which leave through `readable` (to the
 * compressor). Each pipe write is a system call, and a tree sends three
 * pieces per file (header, content, padding), so joining them is what keeps
 * node's share small. A writer that fed faster than the compressor reads
 * waits on `ready()` between input chunks.
 */
export class CoalescingOutput {
  readonly readable: Readable;
  /** Bytes written so far. */
  bytes = 0;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private waiting?: Promise<void>;
  private wake?: () => void;

  constructor() {
    this.readable = new Readable({
      highWaterMark: 4 * CHUNK,
      read: () => this.resume(),
      destroy: (error, done) => {
        this.resume();
        done(error);
      },
    });
  }

  write(data: Buffer): void {
    this.bytes += data.length;
    let at = 0;
    while (at < data.length) {
      const n = Math.min(data.length - at, CHUNK - this.used);
      data.copy(this.chunk, this.used, at, at + n);
      this.used += n;
      at += n;
      if (this.used === CHUNK) this.flush();
    }
  }

  /** Resolves once the reader wants more (at once when it does, or when the stream is gone). */
  ready(): Promise<void> | undefined {
    if (this.readable.destroyed || this.readable.readableLength < this.readable.readableHighWaterMark) return undefined;
    this.waiting ??= new Promise((resolve) => {
      this.wake = resolve;
    });
    return this.waiting;
  }

  end(): void {
    this.flush();
    this.readable.push(null);
  }

  private flush(): void {
    if (this.used === 0 || this.readable.destroyed) return;
    this.readable.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = this.waiting = undefined;
    wake?.();
  }
}

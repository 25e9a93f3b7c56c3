import {PassThrough, Writable, type Readable} from 'node:stream';

/**
 * What a command that failed to start may have taken of its stdin is at most
 * a pipe's buffer and a stream's: far below this. Past it, the command surely
 * ran, and it is not started again.
 */
const REPLAY_LIMIT = 8 * 1024 * 1024;

/**
 * One stdin stream for a command that may be started more than once: each
 * try gets what the earlier ones took (held in memory), then the rest of the
 * source. A source that fails ends the try's input, so the command sees a cut
 * stream and fails; `error` then tells why.
 */
export class ReplayableInput {
  private readonly taken: Buffer[] = [];
  private takenBytes = 0;
  private ended = false;
  private feed: PassThrough | undefined;
  private readonly onData = (chunk: Buffer) => this.pass(chunk);
  /** The source's own error, when it failed. */
  error: Error | undefined;

  constructor(
    private readonly source: Readable,
    private readonly limit = REPLAY_LIMIT,
  ) {}

  /** Whether a new try can still be given the whole stream. */
  get replayable(): boolean {
    return this.takenBytes <= this.limit;
  }

  /** The stream for the next try; the previous try's stream is dropped. */
  next(): Readable {
    const first = this.feed === undefined;
    this.feed?.destroy();
    const feed = new PassThrough();
    this.feed = feed;
    for (const chunk of this.taken) feed.write(chunk);
    if (this.ended) feed.end();
    if (first) this.follow();
    else this.source.resume();
    return feed;
  }

  /** Stop reading the source (a try that will not be followed by another). */
  close(): void {
    this.source.pause();
    this.source.off('data', this.onData);
  }

  private fail(error: Error): void {
    this.error = error;
    this.ended = true;
    this.feed?.end();
  }

  private pass(chunk: Buffer): void {
    this.takenBytes += chunk.length;
    if (this.takenBytes <= this.limit) this.taken.push(chunk);
    else this.taken.length = 0;
    const feed = this.feed!;
    if (!feed.write(chunk)) {
      this.source.pause();
      feed.once('drain', () => {
        if (feed === this.feed) this.source.resume();
      });
    }
  }

  private follow(): void {
    if (this.source.errored) return this.fail(this.source.errored);
    this.source.on('data', this.onData);
    this.source.once('end', () => {
      this.ended = true;
      this.feed?.end();
    });
    this.source.once('error', (error: Error) => this.fail(error));
  }
}

/**
 * One stdout destination for a command that may be started more than once:
 * each try writes into it (with its backpressure), and it is ended once, by
 * `finish`, not by the end of a try's output.
 */
export class HeldOutput {
  /** Bytes any try has written. */
  written = 0;
  private current: Writable | undefined;

  constructor(private readonly dest: Writable) {}

  /** The writable for the next try. */
  next(): Writable {
    this.current = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.written += chunk.length;
        if (this.dest.destroyed || this.dest.write(chunk)) return done();
        const resume = () => {
          this.dest.off('drain', resume).off('close', resume);
          done();
        };
        this.dest.on('drain', resume).on('close', resume);
      },
    });
    return this.current;
  }

  /** End the destination once the last try's output has reached it: no try follows. */
  async finish(): Promise<void> {
    const last = this.current;
    // Its end comes from the try's stdout; ending it again only waits for what it still holds.
    if (last && !last.destroyed) await new Promise<void>((done) => last.end(() => done()));
    if (!this.dest.destroyed && !this.dest.writableEnded) this.dest.end();
  }
}

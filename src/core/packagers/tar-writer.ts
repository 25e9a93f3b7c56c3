import {once, type EventEmitter} from 'node:events';
import type tar from 'tar-stream';

/** A header for an entry owned by root:root; names get a leading `./` as dpkg-deb writes them. */
export interface RootHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link';
  mode: number;
  mtime: number;
  size?: number;
  linkname?: string;
}

/** Path inside a tar: `/opt/x` -> `./opt/x`, `/` -> `./`. */
export const tarName = (path: string) => (path === '/' ? './' : `.${path}`);

/**
 * Adds one entry to a tar-stream pack. tar-stream writes ustar, and a pax
 * header when a name, link name or size does not fit (long or UTF-8 names).
 */
export async function addEntry(pack: tar.Pack, h: RootHeader, content?: NodeJS.ReadableStream | Buffer): Promise<void> {
  const header = {
    name: h.name,
    type: h.type,
    mode: h.mode,
    mtime: new Date(h.mtime * 1000),
    size: h.size ?? 0,
    ...(h.linkname === undefined ? {} : {linkname: h.linkname}),
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
  } as Parameters<tar.Pack['entry']>[0];
  if (Buffer.isBuffer(content) || content === undefined) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content) pack.entry(header, content, done);
      else pack.entry(header, done);
    });
    return;
  }
  let finished!: Promise<void>;
  const sink = (() => {
    let s!: ReturnType<tar.Pack['entry']>;
    finished = new Promise<void>((resolve, reject) => {
      s = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    });
    return s;
  })();
  // tar-stream's entry is a streamx Writable, so node's pipeline() is not used.
  for await (const chunk of content as AsyncIterable<Buffer>) {
    if (!sink.write(chunk)) await once(sink as unknown as EventEmitter, 'drain');
  }
  (sink as unknown as {end(): void}).end();
  await finished;
}

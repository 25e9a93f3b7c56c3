import type {Readable} from 'node:stream';
import tarStream from 'tar-stream';

export interface ReadEntry {
  name: string;
  type: string;
  body: string;
  linkname?: string;
}

/** Every entry of a tar stream, in archive order. */
export async function readTar(input: Readable): Promise<ReadEntry[]> {
  const extract = tarStream.extract();
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract);
  const out: ReadEntry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.push({name: entry.header.name, type: entry.header.type ?? 'file', body: Buffer.concat(chunks).toString(), linkname: entry.header.linkname ?? undefined});
  }
  return out;
}

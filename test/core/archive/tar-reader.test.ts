import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmod, link, mkdir, rm, symlink, utimes, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import tar from 'tar-stream';
import {TarFormatError, TarParser, type TarEntryHeader} from '../../../src/core/archive/tar-reader.js';
import {tempDir} from '../packagers/tree-fixture.js';

/** What the parser reports, one line per entry, content as its md5 and length. */
function parse(archive: Buffer, pieces: (archive: Buffer) => Buffer[] = (a) => [a]): string[] {
  const lines: string[] = [];
  let current: TarEntryHeader | undefined;
  let md5 = createHash('md5');
  let length = 0;
  const parser = new TarParser({
    entry: (h) => {
      current = h;
      md5 = createHash('md5');
      length = 0;
    },
    data: (chunk) => {
      md5.update(chunk);
      length += chunk.length;
    },
    endEntry: () => lines.push(entryLine(current!, length, md5.digest('hex'))),
  });
  for (const piece of pieces(archive)) parser.push(piece);
  parser.end();
  return lines;
}

const entryLine = (h: {name: string; type: string; mode: number; mtime: number; size: number; linkname: string}, length: number, md5: string) =>
  `${h.type} ${h.name} ${h.mode.toString(8)} ${h.mtime} ${h.size}/${length} ${h.linkname} ${length > 0 ? md5 : '-'}`;

/** The same archive read by tar-stream: the oracle. */
async function oracle(archive: Buffer): Promise<string[]> {
  const lines: string[] = [];
  const extract = tar.extract();
  Readable.from([archive]).pipe(extract);
  for await (const item of extract) {
    const h = item.header;
    const md5 = createHash('md5');
    let length = 0;
    for await (const chunk of item as AsyncIterable<Buffer>) {
      md5.update(chunk);
      length += chunk.length;
    }
    const type = h.type === 'contiguous-file' ? 'file' : h.type;
    lines.push(entryLine({name: h.name, type, mode: h.mode ?? 0, mtime: Math.floor((h.mtime?.getTime() ?? 0) / 1000), size: type === 'file' ? (h.size ?? 0) : 0, linkname: h.linkname ?? ''}, length, md5.digest('hex')));
  }
  return lines;
}

/** Random cuts, seeded, so a failure can be replayed. */
function randomPieces(seed: number, max: number) {
  return (archive: Buffer): Buffer[] => {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
    const pieces: Buffer[] = [];
    for (let at = 0; at < archive.length; ) {
      const n = 1 + (next() % max);
      pieces.push(archive.subarray(at, at + n));
      at += n;
    }
    return pieces;
  };
}

describe('TarParser', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('vdist-tar-reader-');
    const root = join(dir, 'root');
    const deep = join(root, 'opt', 'app', 'd'.repeat(90), 'e'.repeat(90));
    await mkdir(deep, {recursive: true});
    await writeFile(join(deep, `${'f'.repeat(120)}.txt`), 'long name\n');
    await symlink(`../${'d'.repeat(90)}/${'e'.repeat(90)}/${'f'.repeat(120)}.txt`, join(root, 'opt', 'app', 'long-target'));
    await writeFile(join(root, 'opt', 'app', 'empty'), '');
    await writeFile(join(root, 'opt', 'app', 'block'), Buffer.alloc(512, 7));
    await writeFile(join(root, 'opt', 'app', 'big'), Buffer.from(Array.from({length: 300_000}, (_, i) => (i * 31) % 251)));
    await writeFile(join(root, 'opt', 'app', 'héllo wörld'), 'utf-8 name');
    await writeFile(join(root, 'opt', 'app', 'tool'), '#!/bin/sh\n');
    await chmod(join(root, 'opt', 'app', 'tool'), 0o4755);
    await link(join(root, 'opt', 'app', 'tool'), join(root, 'opt', 'app', 'tool-again'));
    await utimes(join(root, 'opt', 'app', 'empty'), 1_700_000_000, 1_700_000_000);
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  const gnuTar = (format: string) => execFileSync('tar', ['-c', '--sort=name', `--format=${format}`, '-C', join(dir, 'root'), '.'], {maxBuffer: 1 << 26});

  it.each(['gnu', 'posix', 'ustar'])('reads GNU tar --format=%s as tar-stream does: long names and targets, hard links, modes, times, contents', async (format) => {
    // ustar cannot hold a 120-byte file name: GNU tar leaves that entry out with a warning.
    const archive = format === 'ustar' ? execFileSync('sh', ['-c', `tar -c --sort=name --format=ustar -C '${join(dir, 'root')}' . 2>/dev/null; true`], {maxBuffer: 1 << 26}) : gnuTar(format);
    const lines = parse(archive);
    expect(lines).toEqual(await oracle(archive));
    expect(lines.some((l) => l.startsWith('link ./opt/app/tool-again ') && l.includes(' ./opt/app/tool '))).toBe(true);
    if (format !== 'ustar') expect(lines.some((l) => l.startsWith(`file ./opt/app/${'d'.repeat(90)}/`))).toBe(true);
    expect(lines.find((l) => l.startsWith('file ./opt/app/tool '))).toMatch(/^file \.\/opt\/app\/tool 4755 /);
    expect(lines.find((l) => l.startsWith('file ./opt/app/empty '))).toMatch(/ 1700000000 0\/0 /);
  });

  it('reads tar-stream\'s own ustar and pax output (the test fixtures\' trees)', async () => {
    const pack = tar.pack();
    pack.entry({name: `opt/${'p'.repeat(150)}/x`, mode: 0o644, mtime: new Date(5000)}, 'pax path');
    pack.entry({name: 'opt/s', type: 'symlink', linkname: 'l'.repeat(130), mode: 0o777, mtime: new Date(0)});
    pack.entry({name: 'opt/d', type: 'directory', mode: 0o755, mtime: new Date(0)});
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    expect(parse(archive)).toEqual(await oracle(archive));
  });

  it('gives the same entries and contents whatever the chunks it is fed', () => {
    const archive = gnuTar('gnu');
    const whole = parse(archive);
    expect(parse(archive, randomPieces(1, 7))).toEqual(whole);
    expect(parse(archive, randomPieces(2, 700))).toEqual(whole);
    expect(parse(archive, randomPieces(3, 70_000))).toEqual(whole);
  });

  it('pauses right after a header whose handler asks, and goes on from where it stopped', () => {
    const archive = gnuTar('gnu');
    const events: string[] = [];
    const parser = new TarParser({
      entry: (h) => (events.push(`entry ${h.name}`), h.type === 'link' || h.type === 'file'),
      data: (chunk) => void events.push(`data ${chunk.length}`),
      endEntry: () => void events.push('end'),
    });
    let pauses = 0;
    for (let at = parser.push(archive); at < archive.length; at = parser.push(archive, at)) {
      pauses++;
      // Right after a header: the paused entry's content (or its end, when it has none) comes next.
      expect(at % 512).toBe(0);
      events.push('paused');
    }
    parser.end();
    expect(pauses).toBeGreaterThan(1);
    const unpaused: string[] = [];
    const plain = new TarParser({entry: (h) => void unpaused.push(`entry ${h.name}`), data: (c) => void unpaused.push(`data ${c.length}`), endEntry: () => void unpaused.push('end')});
    plain.push(archive);
    expect(events.filter((e) => e !== 'paused')).toEqual(unpaused);
  });

  it('reads a GNU base-256 size', () => {
    const header = Buffer.from(gnuTar('gnu').subarray(0, 512));
    // The first entry is ./ (a directory); make it a file of 8 GiB + 1 in base-256.
    header[156] = '0'.charCodeAt(0);
    header[124] = 0x80;
    header.fill(0, 125, 136);
    header.writeUIntBE(8 * 2 ** 30 + 1, 130, 6);
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const sizes: number[] = [];
    const parser = new TarParser({entry: (h) => void sizes.push(h.size), data: () => {}, endEntry: () => {}});
    parser.push(header);
    expect(sizes).toEqual([8 * 2 ** 30 + 1]);
    expect(() => parser.end()).toThrow(TarFormatError);
  });

  it('refuses a stream cut in the middle of an entry, and a header with a bad checksum', () => {
    const archive = gnuTar('gnu');
    expect(() => parse(archive.subarray(0, 512 * 5 + 100))).toThrow(/ended in the middle of an entry/);
    const bad = Buffer.from(archive);
    bad[0] = bad[0]! ^ 1;
    expect(() => parse(bad)).toThrow(/bad tar header checksum/);
    expect(() => parse(Buffer.from('not a tar at all'.repeat(64)))).toThrow(TarFormatError);
  });
});

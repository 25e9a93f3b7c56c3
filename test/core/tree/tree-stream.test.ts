import {execFileSync} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {copyFile, link, mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {TreeReader} from '../../../src/core/tree/tree-stream.js';
import {tempDir} from '../packagers/tree-fixture.js';

// The reader runs inside whatever chunks the engine's pipe delivers: what it
// finds must not depend on where they are cut (an ELF file's first four bytes
// may arrive in two pieces).
describe('TreeReader chunking', () => {
  let dir: string;
  let archive: Buffer;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'root/opt/app/bin'), {recursive: true});
    await copyFile('/bin/true', join(dir, 'root/opt/app/bin/true'));
    archive = execFileSync('tar', ['-c', '--sort=name', '-C', join(dir, 'root'), '.'], {maxBuffer: 1 << 26});
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  async function read(pieces: Buffer[]) {
    const reader = new TreeReader(Readable.from(pieces), {excludes: [], sourceDateEpoch: 100, workDir: dir, linksNeedSpool: false});
    const sizes: string[] = [];
    let bytes = 0;
    await reader.read({entry: (e) => void (bytes = 0), data: (c) => void (bytes += c.length), endFile: () => void sizes.push(String(bytes))});
    await reader.close();
    return {facts: reader.facts, sizes};
  }

  it('finds the same ELF facts and contents whether the tar comes whole or cut anywhere', async () => {
    const whole = await read([archive]);
    expect(whole.facts.needed.size).toBeGreaterThan(0);
    expect(whole.facts.architecture).toBeDefined();
    // The ELF file's content starts at byte 512 * 4 (./, opt, app, bin, then its header).
    const start = archive.indexOf(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    for (const cut of [start + 1, start + 2, start + 3]) {
      const split = await read([archive.subarray(0, cut), archive.subarray(cut, cut + 1), archive.subarray(cut + 1)]);
      expect(split.facts).toEqual(whole.facts);
      expect(split.sizes).toEqual(whole.sizes);
    }
    const bytewise = await read(Array.from({length: Math.ceil(archive.length / 97)}, (_, i) => archive.subarray(i * 97, i * 97 + 97)));
    expect(bytewise.facts).toEqual(whole.facts);
  });
});

describe('TreeReader hard links', () => {
  it('gives a kept link the content of its excluded leader from the spool, waiting on the writer between pieces', async () => {
    const dir = await tempDir();
    try {
      const content = randomBytes(8 << 20);
      await mkdir(join(dir, 'root/opt/a'), {recursive: true});
      await mkdir(join(dir, 'root/opt/b'));
      await writeFile(join(dir, 'root/opt/a/big'), content);
      await link(join(dir, 'root/opt/a/big'), join(dir, 'root/opt/b/big'));
      const archive = execFileSync('tar', ['-c', '--sort=name', '-C', join(dir, 'root'), '.'], {maxBuffer: 1 << 26});
      const reader = new TreeReader(Readable.from([archive]), {
        excludes: ['/opt/a/**'], sourceDateEpoch: 100, workDir: dir, linksNeedSpool: false, linked: new Set(['/opt/a/big']),
      });
      const hash = createHash('sha256');
      let waits = 0;
      const waitsAtData: number[] = [];
      const paths: string[] = [];
      await reader.read(
        {entry: (e) => void paths.push(e.path), data: (c) => void (hash.update(c), waitsAtData.push(waits)), endFile: () => {}},
        () => new Promise<void>((resolve) => setImmediate(() => (waits++, resolve()))),
      );
      await reader.close();
      expect(paths).toEqual(['/opt', '/opt/a', '/opt/b', '/opt/b/big']);
      expect(hash.digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
      // 8 MiB in pieces of 1 MiB, each after a wait: never all of it at once into the writer.
      expect(waitsAtData.length).toBe(8);
      expect(new Set(waitsAtData).size).toBe(8);
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});

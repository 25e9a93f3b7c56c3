import {execFileSync} from 'node:child_process';
import {copyFile, mkdir, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {TreeReader} from '../../../src/core/packagers/tree-stream.js';
import {tempDir} from './tree-fixture.js';

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

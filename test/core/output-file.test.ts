import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import {diskFullError, OutputClaims, partialName, removeTrackedTemporaries, trackTemporary, writeAtomically} from '../../src/core/output-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vdist-output-file-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

describe('writeAtomically', () => {
  it('shows nothing under the final name while writing, then the whole file', async () => {
    const final = join(dir, 'app_1.0_all.deb');
    await writeAtomically(final, async (temporary) => {
      expect(temporary.startsWith(join(dir, '.app_1.0_all.deb.'))).toBe(true);
      await writeFile(temporary, 'half');
      expect(await readdir(dir)).not.toContain('app_1.0_all.deb');
      await writeFile(temporary, 'whole');
    });
    expect(await readdir(dir)).toEqual(['app_1.0_all.deb']);
    expect(await readFile(final, 'utf8')).toBe('whole');
  });

  it('keeps the old file and removes the part when writing fails', async () => {
    const final = join(dir, 'app.rpm');
    await writeFile(final, 'old');
    await expect(
      writeAtomically(final, async (temporary) => {
        await writeFile(temporary, 'part');
        throw new Error('writer broke');
      }),
    ).rejects.toThrow('writer broke');
    expect(await readdir(dir)).toEqual(['app.rpm']);
    expect(await readFile(final, 'utf8')).toBe('old');
  });

  // A real ENOSPC from the kernel: /dev/full refuses every write with it.
  it('turns a full disk into an error that names the directory, leaving no part', async () => {
    const final = join(dir, 'app.deb');
    const error = await writeAtomically(final, async (temporary) => {
      await writeFile(temporary, 'started');
      await pipeline(Readable.from([Buffer.alloc(65536)]), createWriteStream('/dev/full'));
    }).then(
      () => new Error('no error') as Error & {oclif?: {exit?: number}; code?: string},
      (e: unknown) => e as Error & {oclif?: {exit?: number}; code?: string},
    );
    expect(error.message).toMatch(/disk is full/);
    expect(error.message).toContain(dir);
    expect(error.oclif?.exit).toBe(1);
    expect(error.code).toBe('DISK_FULL');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps temporary names under 255 bytes for the longest final names', () => {
    const name = partialName(join(dir, `${'é'.repeat(127)}.deb`));
    expect(Buffer.byteLength(name.split('/').pop()!)).toBeLessThan(255);
  });
});

describe('diskFullError', () => {
  it('finds ENOSPC and EDQUOT in causes, and nothing else', () => {
    const enospc = Object.assign(new Error('write'), {code: 'ENOSPC'});
    expect(diskFullError(new Error('wrapped', {cause: enospc}), '/out')?.message).toContain('/out');
    expect(diskFullError(Object.assign(new Error('q'), {code: 'EDQUOT'}), '/out')).toBeDefined();
    expect(diskFullError(Object.assign(new Error('x'), {code: 'EACCES'}), '/out')).toBeUndefined();
  });
});

describe('trackTemporary', () => {
  it('removes tracked paths on exit, but not untracked ones', async () => {
    const kept = join(dir, 'kept');
    const dropped = join(dir, 'dropped');
    await writeFile(kept, '');
    await writeFile(dropped, '');
    trackTemporary(kept)();
    trackTemporary(dropped);
    removeTrackedTemporaries();
    expect(await readdir(dir)).toEqual(['kept']);
  });
});

describe('OutputClaims', () => {
  it('lets a build write its package name again, and fails a second build of the run that would replace it', () => {
    const claims = new OutputClaims();
    claims.claim('/out/app_1.0_all.deb', 'a');
    claims.claim('/out/app_1.0_all.deb', 'a');
    claims.claim('/out/app_1.1_all.deb', 'b');
    expect(() => claims.claim('/out/./app_1.0_all.deb', 'c')).toThrow(
      expect.objectContaining({code: 'OUTPUT_COLLISION', message: 'build "a" of this run writes /out/./app_1.0_all.deb already: build "c" would replace it'}),
    );
  });
});

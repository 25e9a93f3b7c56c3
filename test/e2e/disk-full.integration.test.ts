import {randomBytes} from 'node:crypto';
import {mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {runCli, tempDir} from '../helpers/run-cli.js';

// A real full disk: a 256 kB tmpfs as the output directory, and a tree of 1 MB that does not compress.
async function mountSkip(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs';
  const probe = tempDir('vdist-mount-probe-');
  const r = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], {reject: false});
  if (r.exitCode !== 0) return `cannot mount a tmpfs here: ${r.stderr}`;
  await execa('umount', [probe]);
  await rm(probe, {recursive: true, force: true});
  return undefined;
}

const skip = await mountSkip();
if (skip) console.warn(`disk-full tests skipped: ${skip}`);

describe.skipIf(skip)('a disk that fills up during packaging', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = tempDir('vdist-disk-full-');
    out = join(dir, 'out');
    await mkdir(out);
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', out]);
    await mkdir(join(dir, 'root/opt/big'), {recursive: true});
    await writeFile(join(dir, 'root/opt/big/noise.bin'), randomBytes(1 << 20));
  });
  afterAll(async () => {
    await execa('umount', [out], {reject: false});
    await rm(dir, {recursive: true, force: true});
  });

  for (const format of ['deb', 'rpm']) {
    it(`${format}: exit 1, says the disk is full and names the directory, leaves no file`, async () => {
      const r = await runCli(['package', join(dir, 'root'), '--name', 'big', '--version', '1.0', '--format', format, '--compression', 'gzip:1', '-o', out], dir);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/disk is full/);
      expect(r.stderr).toContain(out);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await readdir(out)).toEqual([]);
    });
  }
});

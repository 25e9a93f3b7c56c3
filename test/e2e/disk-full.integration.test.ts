import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {closeSync, openSync} from 'node:fs';
import {mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {pino} from 'pino';
import {PodmanBackend} from '../../src/backends/podman.js';
import {removeInBackground, settleRemovals} from '../../src/backends/removals.js';
import {pipCacheOut} from '../../src/core/cache/pip-cache.js';
import {lookupLibraryOwners} from '../../src/core/shlibdeps/resolve.js';
import {fakeEngines} from '../helpers/fake-engines.js';
import {makeTestKey, stopAgent} from '../helpers/gpg-key.js';
import {REPO_ROOT, runCli, tempDir} from '../helpers/run-cli.js';

// A real full disk: small tmpfs mounts as output directories, and a tree of 1 MB that does not compress.
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

/** A fresh tmpfs of `size` at `dir` (made here); unmount it with the returned function. */
async function tinyDisk(dir: string, size = '64k'): Promise<() => Promise<void>> {
  await mkdir(dir, {recursive: true});
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return async () => void (await execa('umount', [dir], {reject: false}));
}

/** Fills the file system under `dir` to the last byte. */
async function fill(dir: string): Promise<void> {
  await execa('sh', ['-c', `cat /dev/zero > ${JSON.stringify(join(dir, 'filler'))}`], {reject: false});
}

/** Every file under `dir`, recursively. */
async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, {recursive: true, withFileTypes: true})).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const CLEAN_EXIT = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(stderr).not.toMatch(/internal error/);
};

describe.skipIf(skip)('a disk that fills up during packaging', () => {
  let dir: string;
  let out: string;
  let unmount: () => Promise<void>;
  beforeAll(async () => {
    dir = tempDir('vdist-disk-full-');
    out = join(dir, 'out');
    unmount = await tinyDisk(out, '64k');
    await mkdir(join(dir, 'root/opt/big'), {recursive: true});
    await writeFile(join(dir, 'root/opt/big/noise.bin'), randomBytes(1 << 20));
  });
  afterAll(async () => {
    await unmount();
    await rm(dir, {recursive: true, force: true});
  });

  // Each compressor writes the data member its own way: gzip in-process, xz and zstd as children writing the file.
  for (const format of ['deb', 'rpm']) {
    for (const compression of ['gzip:1', 'xz:0', 'zstd:1']) {
      it(`${format} with ${compression}: exit 1, says the disk is full and names the directory, leaves no file`, async () => {
        const r = await runCli(['package', join(dir, 'root'), '--name', 'big', '--version', '1.0', '--format', format, '--compression', compression, '-o', out], dir);
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/the disk is full: no space left in/);
        expect(r.stderr).toContain(out);
        CLEAN_EXIT(r.stderr);
        expect(await readdir(out)).toEqual([]);
      });
    }
  }

  it('the JSON summary on a full disk (stdout redirected there): exit 1, the disk-full error naming its directory', async () => {
    const full = join(dir, 'summary-disk');
    const unmountFull = await tinyDisk(full, '16k');
    const packages = join(dir, 'packages');
    try {
      await fill(full);
      const fd = openSync(join(full, 'summary.json'), 'w');
      try {
        // The child's own fd 1 is the file, as `vdist ... --json > summary.json` makes it.
        const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/run.js'), 'package', join(dir, 'root'), '--name', 'big', '--version', '1.0', '--format', 'deb', '--compression', 'gzip:1', '-o', packages, '--json'], {
          cwd: dir, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000,
        });
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/the disk is full: no space left in/);
        expect(r.stderr).toContain(full);
        CLEAN_EXIT(r.stderr);
      } finally {
        closeSync(fd);
      }
      // The package itself went elsewhere and is whole.
      expect(await readdir(packages)).toEqual(['big_1.0_all.deb']);
    } finally {
      await unmountFull();
    }
  });
});

// The other writes that run beside the build's main line: each, made to fail, is reported once and leaves nothing.
describe.skipIf(skip)('fire-and-forget and direct-to-file paths that fail', () => {
  const log = pino({level: 'silent'});
  const container = {id: 'cid0123456789', name: 'vdist-x-1', backend: 'podman' as const};

  it("pip's cache saved to a full disk: one disk-full error naming the cache directory, no temporary left", async () => {
    const dir = tempDir('vdist-pip-full-');
    const unmount = await tinyDisk(join(dir, 'cache'), '64k');
    try {
      const fake = fakeEngines({local: false, execBytes: 1 << 20});
      const error = await pipCacheOut(new PodmanBackend({env: fake.env}), container, join(dir, 'cache/pip/p-python.tar'), {log}).catch((e: unknown) => e);
      expect(error).toMatchObject({code: 'DISK_FULL'});
      expect((error as Error).message).toMatch(new RegExp(`^the disk is full: no space left in ${join(dir, 'cache/pip')} \\(ENOSPC\\); pip's cache was left as it was$`));
      expect(await listAll(join(dir, 'cache'))).toEqual([]);
    } finally {
      await unmount();
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('a background container removal that fails is warned about once, and the run still settles', async () => {
    const fake = fakeEngines({fail: ['rm'], stderr: 'Error: cannot remove container: device or resource busy'});
    const records: Array<{level: number; msg: string}> = [];
    const logger = pino({level: 'debug'}, {write: (line: string) => void records.push(JSON.parse(line) as {level: number; msg: string})});
    removeInBackground(new PodmanBackend({env: fake.env}), container, logger);
    await settleRemovals();
    const warnings = records.filter((r) => r.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('could not remove container vdist-x-1: Error: cannot remove container: device or resource busy');
    // The backend retries a failed rm itself; the run hears of the failure once, at the end.
    expect(fake.argvs().filter((a) => a[1] === 'rm').length).toBeGreaterThan(0);
  });

  it('the library-owner lookup started early, failing before anyone awaits it: one typed error, no unhandled rejection', async () => {
    const fake = fakeEngines({fail: ['exec']});
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const owners = lookupLibraryOwners(new PodmanBackend({env: fake.env}), container, {log});
      owners.catch(() => undefined); // as build-one.ts does: awaited by the package step
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const error = await owners.catch((e: unknown) => e);
      expect(error).toMatchObject({code: 'SHLIBDEPS'});
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('publish into a full repository: exit 1, the disk-full error naming it, the repository as it was, no temporary', async () => {
    const dir = tempDir('vdist-publish-full-');
    const key = await makeTestKey(dir, {name: 'repo'});
    try {
      await mkdir(join(dir, 'root/opt/big'), {recursive: true});
      await writeFile(join(dir, 'root/opt/big/noise.bin'), randomBytes(512 << 10));
      const made = await runCli(['package', join(dir, 'root'), '--name', 'big', '--version', '1.0', '--format', 'deb', '--compression', 'gzip:1', '-o', join(dir, 'from')], dir);
      expect(made.exitCode, made.stderr).toBe(0);
      const repo = join(dir, 'repo');
      const unmount = await tinyDisk(repo, '256k');
      try {
        const r = await runCli(['publish', join(dir, 'from'), '--repo', repo, '--sign-key', key.secretFile], dir, {GNUPGHOME: key.home});
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/the disk is full: no space left in/);
        expect(r.stderr).toContain(repo);
        CLEAN_EXIT(r.stderr);
        expect((await listAll(repo)).filter((f) => !f.endsWith('.lock'))).toEqual([]);
      } finally {
        await unmount();
      }
    } finally {
      await stopAgent(key.home);
      await rm(dir, {recursive: true, force: true});
    }
  });
});

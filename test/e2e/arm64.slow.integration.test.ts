import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, inject, it} from 'vitest';
import {awaitBackgroundRun} from '../helpers/background-run.js';
import {REQUIRE_ENGINES} from '../helpers/engines.js';
import {ARM64_BUILD_NAME as NAME} from './arm64-run.js';
import {debInfo} from './support.js';

// Issue 12: one run of a config whose build asks for both amd64 and arm64
// (the example with the system python3, through the provisioned-image cache),
// the arm64 one under qemu-user emulation. Both packages are checked, and
// --smoke installs each in a fresh container of its own architecture.
//
// The run itself is the real `vdist build` (arm64-run.ts has its config and
// argv); arm64.global-setup.ts starts it when the suite starts, so its minutes
// of emulation overlap the other integration files, and this file, which the
// suite's sequencer puts last, waits for it.
const provided = inject('arm64Run');
const skip = 'notStarted' in provided ? provided.notStarted : undefined;
if (skip !== undefined) {
  if (REQUIRE_ENGINES) throw new Error(`VDIST_REQUIRE_ENGINES=1 but the arm64 e2e could not start: ${skip}`);
  console.warn(`SKIP arm64 e2e: ${skip}`);
}

describe.skipIf(skip)('vdist build: the example app for amd64 and arm64 in one run', () => {
  const info = 'info' in provided ? provided.info : undefined;
  const dir = info?.dir ?? '';
  let run: Awaited<ReturnType<typeof awaitBackgroundRun>>;
  let summary: {exitCode: number; builds: Array<{build: string; status: string; packageFile?: string; error?: string; durationMs?: number; cache?: {status: string}}>};

  beforeAll(async () => {
    run = await awaitBackgroundRun(info!, 80 * 60_000);
    summary = JSON.parse(run.stdout || '{"builds": []}');
    const each = summary.builds.map((b) => `${b.build} ${((b.durationMs ?? 0) / 1000).toFixed(0)} s (cache ${b.cache?.status ?? '-'})`).join(', ');
    console.log(`arm64 e2e: vdist build (amd64 + arm64, --smoke, --jobs 2) took ${(run.wallMs / 1000).toFixed(0)} s in the background (the arm64 image's bootstrap included when this machine lacked it): ${each}`);
  }, 81 * 60_000);

  const deb = (arch: string) => join(dir, 'dist', `vdist-example_0.1.0_${arch}.deb`);

  it('builds both architectures in one run, each named for its arch', () => {
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
    expect(summary.builds.map((b) => [b.build, b.status])).toEqual([
      [`${NAME}-amd64`, 'ok'],
      [`${NAME}-arm64`, 'ok'],
    ]);
    expect(summary.builds.map((b) => b.packageFile)).toEqual([deb('amd64'), deb('arm64')]);
  });

  it('labels each package with its architecture, and the arm64 Depends come from the arm64 container', async () => {
    expect((await execa('dpkg-deb', ['-f', deb('arm64'), 'Architecture'])).stdout).toBe('arm64');
    expect((await execa('dpkg-deb', ['-f', deb('amd64'), 'Architecture'])).stdout).toBe('amd64');
    const {depends} = await debInfo(deb('arm64'));
    // libc6 and zlib1g: found by looking the C extension's NEEDED libraries up with dpkg -S in the arm64 container.
    expect(depends.map((d) => d.split(' ')[0])).toEqual(expect.arrayContaining(['python3', 'libc6']));
  });

  it('holds aarch64 ELF files in the arm64 package and x86-64 ones in the amd64 package', async () => {
    const machines = async (file: string) => {
      const dir = await mkdtemp(join(tmpdir(), 'vdist-arm64-deb-'));
      try {
        await execa('dpkg-deb', ['-x', file, dir]);
        const found = (await execa('find', [dir, '-name', '*.so', '-type', 'f'])).stdout.split('\n').filter(Boolean);
        expect(found.length).toBeGreaterThan(0);
        const headers = await Promise.all(found.map(async (f) => (await execa('readelf', ['-h', f])).stdout));
        return [...new Set(headers.map((h) => /Machine:\s+(.*)/.exec(h)![1]!.trim()))];
      } finally {
        await rm(dir, {recursive: true, force: true});
      }
    };
    expect(await machines(deb('arm64'))).toEqual(['AArch64']);
    expect(await machines(deb('amd64'))).toEqual(['Advanced Micro Devices X86-64']);
  });

  it('ran each smoke test in a container of the package\'s architecture', async () => {
    const logs = join(dir, 'dist', 'logs');
    const log = async (arch: string) => readFile(join(logs, (await readdir(logs)).find((f) => f.includes(`${NAME}-${arch}`))!), 'utf8');
    expect(await log('arm64')).toContain('smoke-machine=aarch64');
    expect(await log('amd64')).toContain('smoke-machine=x86_64');
    expect(await log('arm64')).toContain('smoke test passed');
  });
});

import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {emulationProblems} from '../../src/core/doctor/emulation.js';
import {engineSkipReason} from '../helpers/engines.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, debInfo, exampleProject, runVdist} from './support.js';

// Issue 12: one run of a config whose build asks for both amd64 and arm64
// (the example with the system python3, through the provisioned-image cache),
// the arm64 one under qemu-user emulation. Both packages are checked, and
// --smoke installs each in a fresh container of its own architecture.
const ARM64_IMAGE = 'docker.io/arm64v8/debian:bookworm';
const emulation = emulationProblems('arm64', {host: 'amd64'});
const skip =
  (await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF})) ??
  (await engineSkipReason(`arm64 base image (scripts/setup-host.sh makes it)`, ['podman', 'image', 'exists', ARM64_IMAGE], {CONTAINERS_CONF})) ??
  (emulation.length > 0 ? await engineSkipReason(`qemu-user emulation (${emulation[0]!.problem})`, ['false']) : undefined);

const NAME = 'example-multiarch';

describe.skipIf(skip)('vdist build: the example app for amd64 and arm64 in one run', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let run: Awaited<ReturnType<typeof runVdist>>;
  let summary: {exitCode: number; builds: Array<{build: string; status: string; packageFile?: string; error?: string; durationMs?: number; cache?: {status: string}}>};
  let wallMs = 0;

  beforeAll(async () => {
    index = await startPyIndex();
    project = await exampleProject(`
[vdist]
output_dir = "dist"
network = "host"

[[build]]
name = "${NAME}"
arch = ["amd64", "arm64"]
app = "vdist-example"
version = "0.1.0"
source = { directory = "app" }
profile = "debian-bookworm"
compile_python = false
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl}"
smoke_command = "/opt/vdist-example/bin/vdist-example 10 && echo smoke-machine=$(uname -m)"
`);
    const started = performance.now();
    run = await runVdist(['build', '--jobs', '2', '--smoke', '--json'], {cwd: project.dir, timeout: 60 * 60_000});
    wallMs = performance.now() - started;
    summary = JSON.parse(run.stdout);
    const each = summary.builds.map((b) => `${b.build} ${((b.durationMs ?? 0) / 1000).toFixed(0)} s (cache ${b.cache?.status ?? '-'})`).join(', ');
    console.log(`arm64 e2e: vdist build (amd64 + arm64, --smoke, --jobs 2) took ${(wallMs / 1000).toFixed(0)} s: ${each}`);
  }, 65 * 60_000);

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
  });

  const deb = (arch: string) => join(project.dir, 'dist', `vdist-example_0.1.0_${arch}.deb`);

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
    const logs = join(project.dir, 'dist', 'logs');
    const log = async (arch: string) => readFile(join(logs, (await readdir(logs)).find((f) => f.includes(`${NAME}-${arch}`))!), 'utf8');
    expect(await log('arm64')).toContain('smoke-machine=aarch64');
    expect(await log('amd64')).toContain('smoke-machine=x86_64');
    expect(await log('arm64')).toContain('smoke test passed');
  });
});

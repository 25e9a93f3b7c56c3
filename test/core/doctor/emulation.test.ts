import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pino} from 'pino';
import {assertEmulation, emulationProblems} from '../../../src/core/doctor/emulation.js';
import {runBuilds} from '../../../src/core/pipeline/run-builds.js';
import {ExitCode, VdistError} from '../../../src/core/errors.js';
import {fakeEngines} from '../../helpers/fake-engines.js';
import {load as loadToml} from '../config/load-helpers.js';

/** A binfmt_misc directory as the kernel shows it: `status` when mounted, one file per handler. */
function binfmt(handlers: Record<string, string> | 'unmounted'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-binfmt-'));
  if (handlers === 'unmounted') return dir;
  writeFileSync(join(dir, 'status'), 'enabled\n');
  for (const [name, text] of Object.entries(handlers)) writeFileSync(join(dir, name), text);
  return dir;
}
const handler = (flags: string, state = 'enabled') =>
  `${state}\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: ${flags}\noffset 0\nmagic 7f454c460201010000000000000000000200b700\n`;

describe('qemu-user emulation checks', () => {
  const host = 'amd64' as const;

  it('the host architecture needs nothing', () => {
    expect(emulationProblems('amd64', {binfmtDir: binfmt('unmounted'), host})).toEqual([]);
  });

  it('finds a working arm64 handler: registered, enabled, with the F flag', () => {
    expect(emulationProblems('arm64', {binfmtDir: binfmt({'qemu-aarch64': handler('PF')}), host})).toEqual([]);
  });

  it('names each missing piece with its fix: the mount, the package, update-binfmts', () => {
    const [unmounted] = emulationProblems('arm64', {binfmtDir: binfmt('unmounted'), host});
    expect(unmounted).toMatchObject({id: 'binfmt-not-mounted', fix: expect.stringMatching(/^mount -t binfmt_misc binfmt_misc \//)});
    const [missing] = emulationProblems('arm64', {binfmtDir: binfmt({}), host});
    expect(missing).toMatchObject({id: 'qemu-not-registered', fix: 'apt-get install qemu-user-static binfmt-support, then update-binfmts --enable qemu-aarch64'});
    const noF = emulationProblems('arm64', {binfmtDir: binfmt({'qemu-aarch64': handler('P', 'disabled')}), host});
    expect(noF.map((p) => p.id)).toEqual(['qemu-disabled', 'qemu-no-fix-binary']);
    expect(noF[1]!.problem).toContain('lacks the F (fix-binary) flag (flags: P)');
  });

  it('assertEmulation is a usage error (exit 2) carrying every fix', () => {
    const error = (() => {
      try {
        assertEmulation(['amd64', 'arm64'], {binfmtDir: binfmt({}), host});
      } catch (e) {
        return e as VdistError;
      }
    })();
    expect(error).toBeInstanceOf(VdistError);
    expect(error!.exitCode).toBe(ExitCode.usage);
    expect(error!.message).toBe('cannot build for arm64 on this amd64 host: no qemu-aarch64 handler is registered with binfmt_misc');
    expect(error!.suggestions).toEqual(['apt-get install qemu-user-static binfmt-support, then update-binfmts --enable qemu-aarch64']);
  });

  it.runIf(process.arch === 'x64')('a foreign-arch build without emulation fails before any engine is asked anything', async () => {
    const fake = fakeEngines();
    const config = loadToml(`[[build]]\napp = "ab"\nversion = "1"\nsource = { directory = "." }\nprofile = "debian-bookworm"\narch = "arm64"\n`);
    const run = runBuilds(config, {only: [], jobs: 1, outputDir: mkdtempSync(join(tmpdir(), 'vdist-out-')), smoke: false, signal: new AbortController().signal, env: fake.env, binfmtDir: binfmt('unmounted')}, pino({level: 'silent'}));
    await expect(run).rejects.toMatchObject({exitCode: ExitCode.usage, code: 'NO_EMULATION'});
    expect(fake.calls()).toEqual([]);
  });
});

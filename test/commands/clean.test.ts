import {hostname} from 'node:os';
import {execa} from 'execa';
import {OWNER_LABELS} from '../../src/backends/ownership.js';
import {runCli, tempDir} from '../helpers/run-cli.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
// A pid that surely is not alive: a child that already exited.
const deadPid = (await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])).stdout;

/** `ps` lines as listLabelled's --format prints them: id|name|run|host|pid|started. */
const PS = [
  `c-dead|vdist-dead|r1|${hostname()}|${deadPid}|${hourAgo(0)}`,
  `c-live|vdist-live|r2|${hostname()}|${process.pid}|${hourAgo(5)}`,
  `c-far-old|vdist-far-old|r3|elsewhere|1|${hourAgo(2)}`,
  `c-far-new|vdist-far-new|r4|elsewhere|1|${hourAgo(0.5)}`,
  'c-unowned|vdist-unowned||||',
].join('\n');

describe('vdist clean', () => {
  it("removes only the containers of runs that are gone: a dead pid here, another host's over an hour old", async () => {
    const fake = fakeEngines({ps: PS});
    const r = await runCli(['clean', '--backend', 'podman', '--json'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const [report] = JSON.parse(r.stdout) as Array<{engine: string; removed: string[]; kept: string[]}>;
    expect(report!.removed).toEqual(['vdist-dead', 'vdist-far-old']);
    expect(report!.kept).toEqual(['vdist-live', 'vdist-far-new', 'vdist-unowned']);
    expect(fake.argvs().filter((a) => a[1] === 'rm')).toEqual([
      ['podman', 'rm', '--force', '--time', '0', 'c-dead'],
      ['podman', 'rm', '--force', '--time', '0', 'c-far-old'],
    ]);
  });

  it('--all removes every labelled container in each engine that answers', async () => {
    const fake = fakeEngines();
    const r = await runCli(['clean', '--all', '--json'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const reports = JSON.parse(r.stdout) as Array<{engine: string; removed: string[]}>;
    expect(reports.map((x) => [x.engine, x.removed])).toEqual([
      ['podman', ['vdist-a-1234', 'vdist-b-5678']],
      ['buildah', ['vdist-a-1']],
      ['docker', ['vdist-a-1234', 'vdist-b-5678']],
    ]);
    expect(fake.argvs().filter((a) => a[1] === 'rm')).toEqual([
      ['podman', 'rm', '--force', '--time', '0', 'cid1'],
      ['podman', 'rm', '--force', '--time', '0', 'cid2'],
      ['buildah', 'rm', 'bid1'],
      ['docker', 'rm', '--force', 'cid1'],
      ['docker', 'rm', '--force', 'cid2'],
    ]);
  });

  it('leaves unowned containers (an older vdist) without --all, and says how many it kept', async () => {
    const fake = fakeEngines();
    const r = await runCli(['clean', '--backend', 'docker'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docker: removed 0; kept 2 of live or unowned runs');
    expect(fake.argvs().filter((a) => a[1] === 'rm')).toEqual([]);
  });

  it('skips an engine that is not available', async () => {
    const fake = fakeEngines({fail: ['info']});
    const r = await runCli(['clean', '--backend', 'docker'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docker: not available');
  });
});

describe('ownership labels', () => {
  it('name the label keys the reaper reads', () => {
    expect(Object.values(OWNER_LABELS)).toEqual(['io.github.vdist.run', 'io.github.vdist.host', 'io.github.vdist.pid', 'io.github.vdist.started']);
  });
});

import {runCli, tempDir} from '../helpers/run-cli.js';
import {fakeEngines} from '../helpers/fake-engines.js';

describe('vdist clean', () => {
  it('removes every labelled container in each engine that answers', async () => {
    const fake = fakeEngines();
    const r = await runCli(['clean', '--json'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const reports = JSON.parse(r.stdout) as Array<{engine: string; removed: string[]}>;
    expect(reports.map((x) => [x.engine, x.removed])).toEqual([
      ['podman', ['vdist-a-1234', 'vdist-b-5678']],
      ['buildah', ['vdist-a-1']],
      ['docker', ['vdist-a-1234', 'vdist-b-5678']],
    ]);
    const removals = fake.argvs().filter((a) => a[1] === 'rm');
    expect(removals).toEqual([
      ['podman', 'rm', '--force', '--time', '0', 'cid1'],
      ['podman', 'rm', '--force', '--time', '0', 'cid2'],
      ['buildah', 'rm', 'bid1'],
      ['docker', 'rm', '--force', 'cid1'],
      ['docker', 'rm', '--force', 'cid2'],
    ]);
  });

  it('skips an engine that is not available', async () => {
    const fake = fakeEngines({fail: ['info']});
    const r = await runCli(['clean', '--backend', 'docker'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docker: not available');
  });
});

import {runCli, tempDir} from '../helpers/run-cli.js';
import {fakeEngines} from '../helpers/fake-engines.js';

describe('vdist image bootstrap', () => {
  it('says rpm-family profiles are not supported yet (exit 2)', async () => {
    const r = await runCli(['image', 'bootstrap', 'rockylinux-9', '--backend', 'podman'], tempDir(), fakeEngines().env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Profile rockylinux-9 cannot be bootstrapped yet');
  });

  it('needs --mirror when the host runs another distribution', async () => {
    const r = await runCli(['image', 'bootstrap', 'ubuntu-noble', '--backend', 'podman'], tempDir(), fakeEngines().env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.replaceAll(/\s*›\s*/g, ' ')).toMatch(/No mirror for ubuntu noble.*--mirror/s);
  });

  it('names an unknown profile', async () => {
    const r = await runCli(['image', 'bootstrap', 'debian-bookwrom', '--backend', 'podman'], tempDir(), fakeEngines().env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('debian-bookworm');
  });
});

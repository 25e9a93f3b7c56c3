import {runCli, tempDir} from '../helpers/run-cli.js';
import {fakeEngines} from '../helpers/fake-engines.js';

describe('vdist doctor', () => {
  it('--json reports each engine: found, version, rootless, storage, and a real `true` run', async () => {
    const fake = fakeEngines();
    const r = await runCli(['doctor', '--json', '--backend', 'podman'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(0);
    const {engines} = JSON.parse(r.stdout) as {engines: Array<Record<string, unknown>>};
    expect(engines).toHaveLength(1);
    expect(engines[0]).toMatchObject({engine: 'podman', found: true, version: '4.3.1', rootless: true, storageDriver: 'vfs', canRun: true});
    // It really ran `true` in a container, with host network because podman is rootless.
    expect(fake.argvs()).toContainEqual(['podman', 'exec', 'cid0123456789', 'true']);
    expect(fake.argvs().some((a) => a[1] === 'run' && a.includes('--network') && a.includes('host'))).toBe(true);
    expect(fake.argvs().at(-1)).toEqual(['podman', 'rm', '--force', '--time', '0', 'cid0123456789']);
  });

  it('names a known problem with its fix', async () => {
    const fake = fakeEngines({fail: ['exec'], stderr: 'runc create failed: setrlimit `RLIMIT_NOFILE`: Operation not permitted'});
    const r = await runCli(['doctor', '--backend', 'docker'], tempDir(), fake.env);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toContain('docker: cannot run containers');
    expect(r.stdout).toContain('fix: point CONTAINERS_CONF at a containers.conf with [containers] default_ulimits');
  });

  it('says why an engine is not usable and how to fix it', async () => {
    const fake = fakeEngines({fail: ['info'], stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.'});
    const r = await runCli(['doctor', '--backend', 'docker'], tempDir(), fake.env);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('docker: not usable\n  Cannot connect to the Docker daemon');
    expect(r.stdout).toContain('try: start dockerd, or point DOCKER_HOST');
  });
});

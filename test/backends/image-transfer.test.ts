import {pino} from 'pino';
import {describe, expect, it} from 'vitest';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {DockerBackend} from '../../src/backends/docker.js';
import {transferReason} from '../../src/backends/image-transfer.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});
const REMOTE = '127.0.0.1:5000/team/vdist-cache/p:k1';
const LOCAL = 'localhost/vdist-cache/p:k1';
const secure = {tlsVerify: true, timeoutMs: 60_000};
const insecure = {tlsVerify: false, timeoutMs: 60_000};

describe('registry verbs of the engines', () => {
  it('podman pulls and pushes by name, with --tls-verify=false only when the registry is configured insecure', async () => {
    const fake = fakeEngines();
    const backend = new PodmanBackend({env: fake.env});
    expect(await backend.pullImage(REMOTE, {log}, secure)).toEqual({ok: true});
    expect(await backend.pushImage(LOCAL, REMOTE, {log}, insecure)).toEqual({ok: true});
    expect(fake.argvs()).toEqual([
      ['podman', 'pull', '--quiet', REMOTE],
      ['podman', 'push', '--quiet', '--tls-verify=false', LOCAL, REMOTE],
    ]);
  });

  it('buildah pushes to a docker:// destination', async () => {
    const fake = fakeEngines();
    const backend = new BuildahBackend({env: fake.env});
    await backend.pullImage(REMOTE, {log}, insecure);
    await backend.pushImage(LOCAL, REMOTE, {log}, secure);
    expect(fake.argvs()).toEqual([
      ['buildah', 'pull', '--quiet', '--tls-verify=false', REMOTE],
      ['buildah', 'push', '--quiet', LOCAL, `docker://${REMOTE}`],
    ]);
  });

  it('docker pushes a name: the image gets the remote name for the push and loses it after, even when the push fails', async () => {
    const fake = fakeEngines({fail: ['push'], stderr: 'unauthorized: authentication required'});
    const backend = new DockerBackend({env: fake.env});
    expect(await backend.pushImage(LOCAL, REMOTE, {log}, insecure)).toEqual({ok: false, reason: 'unauthorized: authentication required'});
    expect(fake.argvs()).toEqual([
      ['docker', 'tag', LOCAL, REMOTE],
      ['docker', 'push', '--quiet', REMOTE],
      ['docker', 'rmi', REMOTE],
    ]);
  });

  it('asks skopeo whether a tag exists, and tells "no such tag" from a registry it cannot use', async () => {
    const found = fakeEngines();
    expect(await new PodmanBackend({env: found.env}).remoteImageExists(REMOTE, {log}, insecure)).toEqual({found: true});
    expect(found.argvs()).toEqual([['skopeo', 'inspect', '--raw', '--retry-times', '0', '--tls-verify=false', `docker://${REMOTE}`]]);

    const missing = fakeEngines({fail: ['inspect'], stderr: `time="2026-01-01T00:00:00Z" level=fatal msg="Error parsing image name \\"docker://${REMOTE}\\": reading manifest k1 in x: manifest unknown: manifest unknown"`});
    expect(await new BuildahBackend({env: missing.env}).remoteImageExists(REMOTE, {log}, secure)).toEqual({found: false});

    const refused = fakeEngines({fail: ['inspect'], stderr: 'time="2026-01-01T00:00:00Z" level=fatal msg="reading manifest k1: unauthorized: authentication required"'});
    expect(await new DockerBackend({env: refused.env}).remoteImageExists(REMOTE, {log}, secure)).toEqual({failed: 'reading manifest k1: unauthorized: authentication required'});
  });

  it("docker's lookup reads docker's own login file", async () => {
    const {mkdtempSync, writeFileSync} = await import('node:fs');
    const {join} = await import('node:path');
    const {tmpdir} = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vdist-docker-config-'));
    writeFileSync(join(dir, 'config.json'), '{"auths":{}}');
    const fake = fakeEngines();
    await new DockerBackend({env: {...fake.env, DOCKER_CONFIG: dir}}).remoteImageExists(REMOTE, {log}, secure);
    expect(fake.argvs()).toEqual([['skopeo', 'inspect', '--raw', '--retry-times', '0', '--authfile', join(dir, 'config.json'), `docker://${REMOTE}`]]);
  });

  it('a failure reason is the last line said, without the log prefix', () => {
    expect(transferReason(['Trying to pull x...', 'Error: initializing source: connection refused'], 125)).toBe('Error: initializing source: connection refused');
    expect(transferReason([], 1)).toBe('exit code 1');
    expect(transferReason(['time="2026-01-01T00:00:00Z" level=fatal msg="Error parsing image name \\"docker://h/r:k\\": pinging container registry h: connection refused"'], 1)).toBe('pinging container registry h: connection refused');
  });
});

import {pino} from 'pino';
import {DockerBackend} from '../../src/backends/docker.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});

describe('DockerBackend argv', () => {
  it('probes with `info --format {{json .}}` and reads the server fields', async () => {
    const fake = fakeEngines();
    expect(await new DockerBackend({env: fake.env}).probe()).toEqual({ok: true, version: '28.0.0', rootless: false, storageDriver: 'overlay2'});
    expect(fake.argvs()).toEqual([['docker', 'info', '--format', '{{json .}}']]);
  });

  it('creates, runs and removes with docker flags, DOCKER_HOST passed through env', async () => {
    const fake = fakeEngines();
    const backend = new DockerBackend({env: {...fake.env, DOCKER_HOST: 'unix:///tmp/d.sock'}});
    const c = await backend.create({image: 'debian:bookworm', name: 'vdist-a-1'}, {log});
    await backend.run(c, ['true'], {log});
    await backend.remove(c, {log});
    expect(fake.argvs()).toEqual([
      ['docker', 'run', '--detach', '--name', 'vdist-a-1', '--label', 'io.github.vdist=true', '--entrypoint', 'sleep', 'debian:bookworm', 'infinity'],
      ['docker', 'exec', 'cid0123456789', 'true'],
      ['docker', 'rm', '--force', 'cid0123456789'],
    ]);
  });

  it('reports an unreachable daemon as unusable with the engine\'s words', async () => {
    const fake = fakeEngines({fail: ['info']});
    const probe = await new DockerBackend({env: fake.env}).probe();
    expect(probe.ok).toBe(false);
    expect(probe.reason).toContain('info failed on purpose');
  });
});

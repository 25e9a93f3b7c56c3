import {pino} from 'pino';
import {BACKEND_NAMES, selectBackend} from '../../src/backends/registry.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});

describe('selectBackend', () => {
  it('auto-detects in the order podman, buildah, docker: the first whose probe runs', async () => {
    const fake = fakeEngines({fail: ['info']});
    // Every engine fails: the error lists each one and why.
    const error = (await selectBackend({log, env: fake.env}).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/No usable container engine. Tried:\n  podman: .*failed on purpose.*\n  buildah: .*\n  docker: /);
    expect(fake.argvs().map((a) => a[0])).toEqual(['podman', 'buildah', 'docker']);
    expect(BACKEND_NAMES).toEqual(['podman', 'buildah', 'docker']);
  });

  it('takes the first that works', async () => {
    const fake = fakeEngines();
    const selected = await selectBackend({log, env: fake.env});
    expect(selected.backend.name).toBe('podman');
    expect(selected.via).toBe('auto');
  });

  it('prefers the flag over the config, and the config over detection', async () => {
    const fake = fakeEngines();
    expect((await selectBackend({log, env: fake.env, flag: 'docker', configured: 'buildah'})).backend.name).toBe('docker');
    const fromConfig = await selectBackend({log, env: fake.env, configured: 'buildah'});
    expect([fromConfig.backend.name, fromConfig.via]).toEqual(['buildah', 'config']);
  });

  it('rejects an unknown name with the choices, as a usage error', async () => {
    const error = await selectBackend({log, flag: 'lxc'}).catch((e: unknown) => e);
    expect(error).toMatchObject({message: expect.stringContaining('Unknown backend "lxc" (from --backend)'), oclif: {exit: 2}});
  });
});

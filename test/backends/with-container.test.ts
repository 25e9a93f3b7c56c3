import {pino} from 'pino';
import {PodmanBackend} from '../../src/backends/podman.js';
import {containerName, withContainer} from '../../src/backends/with-container.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});

describe('withContainer', () => {
  it('names containers vdist-<sanitised build>-<random>', () => {
    expect(containerName('My App :: Debian/Bookworm')).toMatch(/^vdist-my-app-debian-bookworm-[0-9a-f]{8}$/);
    expect(containerName('::')).toMatch(/^vdist-build-[0-9a-f]{8}$/);
    expect(containerName('a')).not.toBe(containerName('a'));
  });

  it('labels the container with the build and removes it after success', async () => {
    const fake = fakeEngines();
    const result = await withContainer(new PodmanBackend({env: fake.env}), {build: 'app', image: 'img'}, {log}, async () => 42);
    expect(result).toBe(42);
    const argvs = fake.argvs();
    expect(argvs[0]).toContain('vdist.build=app');
    expect(argvs.at(-1)).toEqual(['podman', 'rm', '--force', '--time', '0', 'cid0123456789']);
  });

  it('removes the container when the work fails, and rethrows', async () => {
    const fake = fakeEngines();
    const backend = new PodmanBackend({env: fake.env});
    await expect(withContainer(backend, {build: 'app', image: 'img'}, {log}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fake.argvs().at(-1)?.[1]).toBe('rm');
  });

  it('removes the container after an abort, though the signal is aborted', async () => {
    const fake = fakeEngines();
    const backend = new PodmanBackend({env: fake.env});
    const controller = new AbortController();
    const error = await withContainer(backend, {build: 'app', image: 'img'}, {log, signal: controller.signal}, async (c) => {
      controller.abort();
      return backend.run(c, ['sleep', '100'], {log, signal: controller.signal});
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({oclif: {exit: 130}});
    expect(fake.argvs().at(-1)?.[1]).toBe('rm');
  });

  it('removes by name when create itself fails (e.g. interrupted half-way)', async () => {
    const fake = fakeEngines({fail: ['run']});
    await expect(withContainer(new PodmanBackend({env: fake.env}), {build: 'app', image: 'img'}, {log}, async () => 1)).rejects.toThrow(/exited with code 1/);
    const [create, remove] = fake.argvs();
    const name = create![create!.indexOf('--name') + 1]!;
    expect(remove).toEqual(['podman', 'rm', '--force', '--time', '0', name]);
  });
});

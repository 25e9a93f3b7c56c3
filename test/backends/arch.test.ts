import {Readable} from 'node:stream';
import {pino} from 'pino';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {DockerBackend} from '../../src/backends/docker.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});
const engines = {podman: PodmanBackend, docker: DockerBackend, buildah: BuildahBackend};
const ENGINE_NAMES = ['podman', 'docker', 'buildah'] as const;

// The host these tests run on is amd64 (CI's is); arm64 is the foreign arch.
describe.runIf(process.arch === 'x64')('backends: the platform of a foreign-architecture build', () => {
  it('podman and docker create the container with --platform linux/arm64', async () => {
    for (const name of ['podman', 'docker'] as const) {
      const fake = fakeEngines();
      await new engines[name]({env: fake.env}).create({image: 'img', name: 'vdist-a-1', arch: 'arm64'}, {log});
      const argv = fake.argvs()[0]!;
      expect(argv.slice(argv.indexOf('--platform'), argv.indexOf('--platform') + 2)).toEqual(['--platform', 'linux/arm64']);
      expect(argv.indexOf('--platform')).toBeLessThan(argv.indexOf('img'));
    }
  });

  it('buildah makes its working container with --arch arm64 and never pulls', async () => {
    const fake = fakeEngines();
    await new BuildahBackend({env: fake.env}).create({image: 'img', name: 'vdist-a-1', arch: 'arm64'}, {log});
    expect(fake.argvs()[0]).toEqual(['buildah', 'from', '--name', 'vdist-a-1', '--pull=never', '--arch', 'arm64', 'img']);
  });

  it('the host architecture needs no flag: the argv stays as before', async () => {
    for (const name of ENGINE_NAMES) {
      const fake = fakeEngines();
      await new engines[name]({env: fake.env}).create({image: 'img', name: 'vdist-a-1', arch: 'amd64'}, {log});
      expect(fake.argvs()[0]!.some((a) => a === '--platform' || a === '--arch')).toBe(false);
    }
  });

  it('imports a rootfs as an arm64 image: podman --arch, docker --platform, buildah config --arch', async () => {
    const argvs: Record<string, string[][]> = {};
    for (const name of ENGINE_NAMES) {
      const fake = fakeEngines();
      await new engines[name]({env: fake.env}).importImage(Readable.from([Buffer.alloc(1024)]), 'docker.io/arm64v8/debian:bookworm', {log}, 'arm64');
      argvs[name] = fake.argvs();
    }
    expect(argvs.podman).toEqual([['podman', 'import', '--arch', 'arm64', '-', 'docker.io/arm64v8/debian:bookworm']]);
    expect(argvs.docker).toEqual([['docker', 'import', '--platform', 'linux/arm64', '-', 'docker.io/arm64v8/debian:bookworm']]);
    expect(argvs.buildah).toContainEqual(['buildah', 'config', '--arch', 'arm64', 'vdist-x-working-container']);
  });

  it('an image of another architecture than the build\'s is an error naming both, with the bootstrap command', async () => {
    for (const name of ENGINE_NAMES) {
      const fake = fakeEngines({arch: 'amd64'});
      const error = (await new engines[name]({env: fake.env}).ensureImage('docker.io/library/debian:bookworm', {log}, 'debian-bookworm', 'arm64').catch((e: unknown) => e)) as Error & {
        code?: string;
        suggestions?: string[];
      };
      expect(error.code).toBe('IMAGE_ARCH');
      expect(error.message).toBe(`Image docker.io/library/debian:bookworm in ${name} is for amd64, and this build is for arm64`);
      expect(error.suggestions![0]).toBe(`Make an arm64 one: vdist image bootstrap debian-bookworm --arch arm64 --backend ${name}`);
    }
  });

  it('an arm64 image for an arm64 build is used as it is; a missing one is pulled for the platform', async () => {
    const ok = fakeEngines({arch: 'arm64'});
    await new PodmanBackend({env: ok.env}).ensureImage('img', {log}, 'p', 'arm64');
    expect(ok.argvs()).toEqual([['podman', 'image', 'inspect', '--format', '{{.Architecture}}', 'img']]);
    const missing = fakeEngines({fail: ['image', 'pull']});
    const error = (await new PodmanBackend({env: missing.env}).ensureImage('img', {log}, 'p', 'arm64').catch((e: unknown) => e)) as Error & {suggestions?: string[]};
    expect(missing.argvs()[1]).toEqual(['podman', 'pull', '--platform', 'linux/arm64', 'img']);
    expect(error.message).toMatch(/^Image img \(arm64\) is not present in podman/);
    expect(error.suggestions![0]).toBe('Make it from a Debian/Ubuntu mirror: vdist image bootstrap p --arch arm64 --backend podman');
  });
});

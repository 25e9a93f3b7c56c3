import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {pino} from 'pino';
import {BuildahBackend} from '../../../src/backends/buildah.js';
import {PodmanBackend} from '../../../src/backends/podman.js';
import {bootstrapImage} from '../../../src/core/image/bootstrap.js';
import type {Profile} from '../../../src/core/types.js';
import {engineSkipReason} from '../../helpers/engines.js';
import {fakeEngines} from '../../helpers/fake-engines.js';

process.env.CONTAINERS_CONF = join(dirname(fileURLToPath(import.meta.url)), '../../containers.conf');
const IMAGE = 'localhost/vdist-test-bootstrap:podman';
const BUILDAH_IMAGE = 'localhost/vdist-test-bootstrap:buildah';
const skip =
  (await engineSkipReason('podman', ['podman', 'info'])) ??
  (await engineSkipReason('root (debootstrap needs it)', ['test', String(process.getuid?.()), '=', '0']));

// The real debootstrap takes a minute and runs in CI's set-up (scripts/setup-host.sh
// bootstraps the bookworm image through this same code); here a fake one on PATH
// makes a tiny rootfs so the test checks the argv and the real import quickly.
describe.skipIf(skip)('bootstrapImage', () => {
  afterAll(async () => {
    await execa('podman', ['rmi', '--force', IMAGE, BUILDAH_IMAGE], {reject: false});
  });

  it('debootstraps (minbase, the profile\'s suite and components) and imports the rootfs under the image name', async () => {
    const fake = fakeEngines();
    const saved = process.env.PATH;
    process.env.PATH = fake.env.PATH;
    process.env.VDIST_FAKE_LOG = fake.env.VDIST_FAKE_LOG;
    try {
      const profile = {name: 'debian-bookworm', image: IMAGE, family: 'debian', format: 'deb', bootstrap: {distribution: 'debian', suite: 'bookworm', components: ['main']}} as Profile;
      // Real podman, not the fake: call it by its absolute path.
      const podman = (await execa('sh', ['-c', 'PATH=' + saved + ' command -v podman'])).stdout.trim();
      const result = await bootstrapImage({profile, backend: new PodmanBackend({command: [podman]}), mirror: 'http://mirror.example/debian', arch: 'amd64', log: pino({level: 'silent'})});
      expect(result).toEqual({image: IMAGE, arch: 'amd64', mirror: 'http://mirror.example/debian', suite: 'bookworm'});
      const call = fake.calls().find((c) => c.bin === 'debootstrap')!;
      expect(call.argv.slice(0, 4)).toEqual(['--variant=minbase', '--components=main', '--arch=amd64', 'bookworm']);
      expect(call.argv[5]).toBe('http://mirror.example/debian');
    } finally {
      process.env.PATH = saved;
    }
    const ctr = (await execa('podman', ['create', IMAGE, 'none'])).stdout.trim();
    try {
      const file = await execa('podman', ['cp', `${ctr}:/etc/os-release`, '-']);
      expect(file.stdout).toContain('VERSION_CODENAME=bookworm');
    } finally {
      await execa('podman', ['rm', '--force', ctr], {reject: false});
    }
  });

  it('imports through buildah too (which has no `import`: add + commit)', async () => {
    const fake = fakeEngines();
    const saved = process.env.PATH;
    const buildah = (await execa('sh', ['-c', 'command -v buildah'])).stdout.trim();
    process.env.PATH = fake.env.PATH;
    process.env.VDIST_FAKE_LOG = fake.env.VDIST_FAKE_LOG;
    try {
      const profile = {name: 'debian-bookworm', image: BUILDAH_IMAGE, family: 'debian', format: 'deb', bootstrap: {distribution: 'debian', suite: 'bookworm'}} as Profile;
      await bootstrapImage({profile, backend: new BuildahBackend({command: [buildah]}), mirror: 'http://mirror.example/debian', log: pino({level: 'silent'})});
    } finally {
      process.env.PATH = saved;
    }
    const ctr = (await execa('podman', ['create', BUILDAH_IMAGE, 'none'])).stdout.trim();
    try {
      expect((await execa('podman', ['cp', `${ctr}:/etc/os-release`, '-'])).stdout).toContain('VERSION_CODENAME=bookworm');
    } finally {
      await execa('podman', ['rm', '--force', ctr], {reject: false});
    }
  });
});

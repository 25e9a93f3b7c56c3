import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {FPM_CHECK, getPackager} from '../../../../src/core/packagers/index.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, engineSkipReason} from '../../../helpers/engines.js';
import {sampleMeta} from '../../packagers/meta-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
process.env.CONTAINERS_CONF = CONTAINERS_CONF;
const RECORDER = resolve(here, '../../../fixtures/packagers/fpm-recorder.sh');
const IMAGE = BOOKWORM_IMAGE;

const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', IMAGE]);
describe.skipIf(skip)('fpm packager in a container', () => {
  it('fails with a clear message when the image has no fpm', async () => {
    const r = await execa('podman', ['run', '--rm', IMAGE, 'sh', '-c', FPM_CHECK], {reject: false});
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/needs fpm in the build image.*packager = "native"/);
  });

  it('runs exactly the argv vdist built, odd words intact', async () => {
    const argv = getPackager('deb', 'fpm').command(sampleMeta(), ['/opt/odd app'], '/vdist/out', {fpmArgs: ['--description', `it's "quoted"; $(echo no) *`]});
    const name = `vdist-test-fpm-${process.pid}`;
    await execa('podman', ['create', '--name', name, '--label', 'vdist=test', IMAGE, 'sleep', '300']);
    try {
      await execa('podman', ['cp', RECORDER, `${name}:/usr/local/bin/fpm`]);
      await execa('podman', ['start', name]);
      await execa('podman', ['exec', name, 'sh', '-c', FPM_CHECK]);
      await execa('podman', ['exec', name, ...argv]);
      const {stdout} = await execa('podman', ['exec', name, 'cat', '/tmp/fpm-argv'], {stripFinalNewline: false});
      expect(['fpm', ...stdout.split('\0').slice(0, -1)]).toEqual(argv);
    } finally {
      await execa('podman', ['rm', '-f', '-t', '0', name], {reject: false});
    }
  });
});

import {enumeratePackagers, getPackager, shellWords} from '../../../../src/core/packagers/index.js';
import {sampleMeta} from '../../packagers/meta-fixture.js';

describe('fpm packager', () => {
  it('builds the exact argv, user fpm_args verbatim after vdist\'s own flags', () => {
    const argv = getPackager('rpm', 'fpm').command(sampleMeta({epoch: undefined, depends: ['libpq5', 'libssl3 (>= 3.0)']}), ['/opt/oddapp', '/etc/oddapp'], '/vdist/out', {
      fpmArgs: ['--rpm-sign', '--description', "it's; $(rm -rf /)"],
      scriptPaths: {after_install: '/vdist/src/hooks/post install.sh'},
    });
    expect(argv).toEqual([
      'fpm', '-s', 'dir', '-t', 'rpm', '-n', 'oddapp', '-v', '1.2.3', '--iteration', '4', '-d', 'libpq5', '-d', 'libssl3 (>= 3.0)',
      '--after-install', '/vdist/src/hooks/post install.sh', '--rpm-sign', '--description', "it's; $(rm -rf /)", '--package', '/vdist/out/',
      '--', '/opt/oddapp', '/etc/oddapp',
    ]);
    expect(shellWords(['fpm', "it's; $(x)", 'a b'])).toBe(`fpm 'it'\\''s; $(x)' 'a b'`);
  });

  it('names files as fpm does and lists every packager', () => {
    expect(getPackager('deb', 'fpm').fileName(sampleMeta({iteration: undefined}))).toBe('oddapp_1.2.3_amd64.deb');
    expect(enumeratePackagers()).toEqual(['native/deb', 'native/rpm', 'fpm/deb', 'fpm/rpm']);
  });
});

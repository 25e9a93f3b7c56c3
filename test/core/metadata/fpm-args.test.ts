import {parseFpmArgs} from '../../../src/core/metadata/fpm-args.js';

describe('parseFpmArgs', () => {
  it('takes --flag value and --flag=value, short and long, and repeats', () => {
    const {args, problems} = parseFpmArgs([
      '--description', 'An app', '--maintainer=Me <me@example.com>', '-d', 'libpq5', '--depends=libssl3 (>= 3)', '-a', 'x86_64',
      '--iteration', '2', '--epoch=1', '--config-files', '/etc/app.conf', '-x', '**/*.pyc', '--post-install', 'scripts/post.sh',
      '--before-upgrade=up.sh', '--deb-compression', 'zst', '--rpm-compression=gzip', '--license', 'MIT', '--url', 'https://x', '--vendor', 'V',
      '--category', 'net', '--conflicts', 'c', '--provides', 'p', '--replaces', 'r', '--pre-uninstall', 'pre-rm.sh',
    ]);
    expect(problems).toEqual([]);
    expect(args).toMatchObject({
      description: 'An app', maintainer: 'Me <me@example.com>', architecture: 'x86_64', iteration: '2', epoch: '1', license: 'MIT', url: 'https://x',
      vendor: 'V', category: 'net', depends: ['libpq5', 'libssl3 (>= 3)'], conflicts: ['c'], provides: ['p'], replaces: ['r'],
      config_files: ['/etc/app.conf'], excludes: ['**/*.pyc'], deb_compression: 'zstd', rpm_compression: 'gzip',
      scripts: {after_install: 'scripts/post.sh', before_upgrade: 'up.sh', before_remove: 'pre-rm.sh'},
    });
  });

  it('reports every unknown flag and points to packager = "fpm"', () => {
    const {problems} = parseFpmArgs(['--rpm-sign', '--deb-user=app', '--description', 'x', '--name']);
    expect(problems.map((p) => p.flag)).toEqual(['--rpm-sign', '--deb-user', '--name']);
    expect(problems[0]!.message).toMatch(/packager = "fpm"/);
  });

  it('takes the word after an unknown flag as its value, not as a stray word', () => {
    const {problems} = parseFpmArgs(['--deb-frobnicate', 'yes', '--license', 'MIT', 'stray']);
    expect(problems.map((p) => p.flag)).toEqual(['--deb-frobnicate', 'stray']);
  });

  it('checks epoch, iteration and relation values', () => {
    const {problems} = parseFpmArgs(['--epoch', '1a', '--iteration', 'a_b', '-d', 'libc6 (>= 2.36)', '--provides', 'x (= )']);
    expect(problems.map((p) => p.flag)).toEqual(['--epoch', '--iteration', '--provides']);
  });

  it('reports a missing value and a bad compression', () => {
    const {problems} = parseFpmArgs(['--deb-compression', 'lzma', '--license']);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/gz, xz, zstd/), expect.stringMatching(/needs a value/)]);
  });
});

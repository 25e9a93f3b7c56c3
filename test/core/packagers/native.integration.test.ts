import {createHash} from 'node:crypto';
import {readFile, rm, stat} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {debPackager} from '../../../src/core/formats/deb/writer.js';
import {rpmPackager} from '../../../src/core/formats/rpm/writer.js';
import {DEFAULT_MAINTAINER} from '../../../src/core/metadata/metadata.js';
import type {PackageMetadata} from '../../../src/core/packagers/packager.js';
import type {TarSource} from '../../../src/core/packagers/stream-package.js';
import {engineSkipReason, unavailable} from '../../helpers/engines.js';
import {lintianErrors, rpmlintErrors, WITHOUT_PROJECT} from '../../helpers/lint.js';
import {fixtureSource, makeOddTree, tempDir, writePackage} from './tree-fixture.js';
import {describeTree} from './tree-compare.js';

process.env.CONTAINERS_CONF = resolve(dirname(fileURLToPath(import.meta.url)), '../../containers.conf');
const IMAGE = 'docker.io/library/debian:bookworm';
const LOG = '/var/lib/oddapp-hooks.log';


function meta(algorithm: 'gzip' | 'xz' | 'zstd', level?: number): PackageMetadata {
  const hook = (what: string) => `echo "${what} $*" >> ${LOG}`;
  return {
    name: 'oddapp', version: '1.0', iteration: '1', architecture: 'all', maintainer: DEFAULT_MAINTAINER,
    description: 'Odd test application for vdist\nA tree with odd names, links and empty directories.',
    license: 'MIT', url: 'https://example.com/oddapp', depends: ['libc6 (>= 2.30)'], conflicts: [], provides: [], replaces: [],
    config_files: ['/etc/oddapp/oddapp.conf'], excludes: [], source_date_epoch: 1700000000, compression: {algorithm, level},
    scripts: {
      before_install: hook('before_install'), after_install: hook('after_install'), before_upgrade: hook('before_upgrade'),
      after_upgrade: hook('after_upgrade'), before_remove: hook('before_remove'), after_remove: hook('after_remove'),
    },
  };
}

let dir: string;
let tree: TarSource;
beforeAll(async () => {
  dir = await tempDir();
  await makeOddTree(join(dir, 'root'));
  tree = fixtureSource(join(dir, 'root'));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const dpkgSkip = await unavailable(['dpkg-deb', '--version']);
describe.skipIf(dpkgSkip)('native .deb', () => {
  // gzip -9 is fpm's default, xz -0 the Debian profiles' default, xz -6 dpkg-deb's, zstd -6 the Ubuntu profiles'.
  it.each([['gzip', 9], ['xz', 0], ['xz', 6], ['zstd', 6]] as const)('dpkg-deb reads a %s -%i package and lintian finds no errors', async (algorithm, level) => {
    const out = join(dir, `${algorithm}${level}-${debPackager.fileName(meta(algorithm))}`);
    await writePackage(debPackager, meta(algorithm, level), tree, out);
    const info = (await execa('dpkg-deb', ['--info', out])).stdout;
    expect(info).toMatch(/Package: oddapp\n\s*Version: 1\.0-1\n\s*Architecture: all/);
    expect(info).toMatch(/postinst/);
    const contents = (await execa('dpkg-deb', ['--contents', out])).stdout;
    expect(contents).toContain('./opt/oddapp/ünïcødé-名前.txt');
    expect(contents).toContain('a-file-name-long-enough-to-need-the-long-name-forms.py');
    expect(contents).toMatch(/hrw-r--r-- root\/root +0 .*\.\/opt\/oddapp\/data\.bin link to \.\/opt\/oddapp\/data-hardlink\.bin/);
    expect(contents).toContain('./opt/oddapp/empty dir/');
    // Debian 12's lintian does not know zstd members yet (dpkg reads them); Ubuntu and Debian 13 do.
    expect(await lintianErrors(out, [...WITHOUT_PROJECT, ...(algorithm === 'zstd' ? ['malformed-deb-archive'] : [])])).toEqual([]);
  });
});

const podmanSkip = await engineSkipReason('podman', ['podman', 'image', 'exists', IMAGE]);
describe.skipIf(podmanSkip)('native .deb in a fresh container', () => {
  it('installs, upgrades and removes with the hooks running at the right moments', async () => {
    const deb = join(dir, debPackager.fileName(meta('xz')));
    await writePackage(debPackager, meta('xz'), tree, deb);
    const name = `vdist-test-deb-${process.pid}`;
    await execa('podman', ['run', '-d', '--name', name, '--label', 'vdist=test', IMAGE, 'sleep', '600']);
    try {
      const run = async (...argv: string[]) => (await execa('podman', ['exec', name, ...argv])).stdout;
      await execa('podman', ['cp', deb, `${name}:/tmp/oddapp.deb`]);
      await run('dpkg', '-i', '/tmp/oddapp.deb');
      expect(await run('/opt/oddapp/run', 'x')).toBe('odd app x');
      expect(await run('cat', '/opt/oddapp/ünïcødé-名前.txt')).toBe('utf-8 name');
      await run('dpkg', '-i', '/tmp/oddapp.deb');
      await run('dpkg', '-r', 'oddapp');
      expect(await run('cat', LOG)).toBe([
        'before_install install',
        // dpkg passes an empty "most recently configured version" on a first install.
        'after_install configure ',
        'before_upgrade upgrade 1.0-1 1.0-1',
        'after_upgrade configure 1.0-1',
        'before_remove remove',
        'after_remove remove',
      ].join('\n'));
      expect(await run('sh', '-c', 'test -e /opt/oddapp/bin/oddapp && echo present || echo gone')).toBe('gone');
      // The conffile stays after remove, as dpkg does.
      expect(await run('cat', '/etc/oddapp/oddapp.conf')).toBe('setting = 1');
    } finally {
      await execa('podman', ['rm', '-f', '-t', '0', name], {reject: false});
    }
  });
});

const rpmSkip = await unavailable(['rpm', '--version']);
describe.skipIf(rpmSkip)('native .rpm', () => {
  // zstd -6 is the rpm profiles' default, xz -0 the default of profiles of your own.
  it.each([['gzip', 9], ['xz', 0], ['zstd', 6], ['zstd', 19]] as const)('rpm verifies a %s -%i package, rpmlint finds no errors, and it installs the exact tree', async (algorithm, level) => {
    const out = join(dir, `${algorithm}${level}-${rpmPackager.fileName(meta(algorithm))}`);
    await writePackage(rpmPackager, meta(algorithm, level), tree, out);
    const q = async (...args: string[]) => (await execa('rpm', [...args, out])).stdout;
    expect(await q('-qip')).toMatch(/Name\s+: oddapp[\s\S]*Version\s+: 1\.0[\s\S]*Release\s+: 1[\s\S]*Build Host\s*: vdist/);
    expect(await q('-qlvp')).toMatch(/lrwxrwxrwx .* \/opt\/oddapp\/run -> bin\/oddapp/);
    expect(await q('-qp', '--scripts')).toMatch(/preinstall scriptlet[\s\S]*postuninstall scriptlet/);
    expect(await q('-qpc')).toBe('/etc/oddapp/oddapp.conf');
    expect(await q('-K')).toMatch(/digests OK/);
    expect(await rpmlintErrors(out)).toEqual([]);

    const root = join(dir, `root-${algorithm}${level}`);
    await execa('rpm', ['-i', '--root', root, '--dbpath', join(root, 'rpmdb'), '--nodeps', '--noscripts', out]);
    const subtrees = ['opt/oddapp', 'etc/oddapp'];
    expect(await describeTree(root, subtrees)).toEqual(await describeTree(join(dir, 'root'), subtrees));
    const a = await stat(join(root, 'opt/oddapp/data.bin'));
    const b = await stat(join(root, 'opt/oddapp/data-hardlink.bin'));
    expect(a.ino).toBe(b.ino);
  });
});

describe('reproducibility across runs', () => {
  it('gives the same sha256 for two builds of each format', async () => {
    for (const p of [debPackager, rpmPackager]) {
      const sums = [];
      for (const n of [1, 2]) {
        const file = join(dir, `repro-${n}-${p.fileName(meta('xz'))}`);
        await writePackage(p, meta('xz'), tree, file);
        sums.push(createHash('sha256').update(await readFile(file)).digest('hex'));
      }
      expect(sums[0]).toBe(sums[1]);
    }
  });
});

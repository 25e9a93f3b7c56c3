import {join} from 'node:path';
import {copyFile, lutimes, mkdir, readdir, rm, utimes} from 'node:fs/promises';
import {execa} from 'execa';
import {makeOddTree, tempDir} from '../core/packagers/tree-fixture.js';
import {describeTree} from '../core/packagers/tree-compare.js';
import {unavailable} from '../helpers/engines.js';
import {lintianErrors, rpmlintErrors, WITHOUT_PROJECT} from '../helpers/lint.js';
import {runCli} from '../helpers/run-cli.js';


let dir: string;
let root: string;
beforeAll(async () => {
  dir = await tempDir();
  root = join(dir, 'root');
  await makeOddTree(root);
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const pkg = (out: string, ...extra: string[]) =>
  runCli(['package', root, '--name', 'oddapp', '--version', '1.0', '-o', out, '--fpm-args', '--iteration 1 --config-files /etc/oddapp/oddapp.conf', ...extra], dir, {
    SOURCE_DATE_EPOCH: '1700000000',
  });

const toolsSkip = (await unavailable(['dpkg-deb', '--version'])) ?? (await unavailable(['rpm', '--version']));
describe.skipIf(toolsSkip)('vdist package DIR', () => {
  it('writes a .deb at the default compression that dpkg-deb reads and lintian accepts', async () => {
    const out = join(dir, 'deb');
    const r = await pkg(out, '--format', 'deb', '--depends', 'libc6 (>= 2.30)');
    expect(r.exitCode).toBe(0);
    const file = join(out, 'oddapp_1.0-1_all.deb');
    expect(r.stdout).toContain(file);
    const info = (await execa('dpkg-deb', ['--info', file])).stdout;
    expect(info).toMatch(/Package: oddapp\n\s*Version: 1\.0-1\n\s*Architecture: all/);
    expect(info).toMatch(/Depends: libc6 \(>= 2\.30\)/);
    expect((await execa('ar', ['t', file])).stdout.split('\n')).toEqual(['debian-binary', 'control.tar.gz', 'data.tar.xz']);
    const contents = (await execa('dpkg-deb', ['--contents', file])).stdout;
    expect(contents).toContain('./opt/oddapp/ünïcødé-名前.txt');
    expect(contents).toMatch(/link to \.\/opt\/oddapp\/data-hardlink\.bin/);
    expect(await lintianErrors(file, WITHOUT_PROJECT)).toEqual([]);
  });

  it.each(['xz:0', 'zstd:6'])('writes an .rpm (%s) that rpm verifies, rpmlint accepts and installs as the exact tree', async (compression) => {
    const out = join(dir, `rpm-${compression}`);
    const r = await pkg(out, '--format', 'rpm', '--compression', compression);
    expect(r.exitCode).toBe(0);
    const file = join(out, 'oddapp-1.0-1.noarch.rpm');
    expect((await execa('rpm', ['-K', file])).stdout).toMatch(/digests OK/);
    expect((await execa('rpm', ['-qlvp', file])).stdout).toMatch(/lrwxrwxrwx .* \/opt\/oddapp\/run -> bin\/oddapp/);
    expect((await execa('rpm', ['-qp', '--qf', '%{PAYLOADCOMPRESSOR}:%{PAYLOADFLAGS}', file])).stdout).toBe(compression);
    expect(await rpmlintErrors(file)).toEqual([]);
    const installed = join(dir, `installed-${compression}`);
    await execa('rpm', ['-i', '--root', installed, '--dbpath', join(installed, 'rpmdb'), '--nodeps', '--noscripts', file]);
    const subtrees = ['opt/oddapp', 'etc/oddapp'];
    expect(await describeTree(installed, subtrees)).toEqual(await describeTree(root, subtrees));
  });

  it('gives the same bytes twice under SOURCE_DATE_EPOCH', async () => {
    const sums = [];
    for (const n of [1, 2]) {
      const out = join(dir, `repro-${n}`);
      expect((await pkg(out, '--format', 'rpm')).exitCode).toBe(0);
      sums.push((await execa('sha256sum', [join(out, 'oddapp-1.0-1.noarch.rpm')])).stdout.split(' ')[0]);
    }
    expect(sums[0]).toBe(sums[1]);
  });

  it("without SOURCE_DATE_EPOCH, dates the package by the tree's newest file, and gives the same bytes twice", async () => {
    const dated = join(dir, 'dated');
    await makeOddTree(dated);
    const stamp = async (path: string, seconds: number): Promise<void> => {
      for (const e of await readdir(path, {withFileTypes: true})) {
        if (e.isDirectory()) await stamp(join(path, e.name), seconds);
        await lutimes(join(path, e.name), seconds, seconds);
      }
    };
    await stamp(dated, 1_690_000_000);
    await utimes(join(dated, 'etc/oddapp/oddapp.conf'), 1_700_000_000, 1_700_000_000);
    // Directories do not count: a newer one must not move the date.
    await utimes(join(dated, 'opt'), 1_710_000_000, 1_710_000_000);
    const sums = [];
    for (const n of [1, 2]) {
      const out = join(dir, `dated-${n}`);
      const r = await runCli(['package', dated, '--name', 'oddapp', '--version', '1.0', '--format', 'rpm', '-o', out, '--fpm-args', '--iteration 1'], dir, {SOURCE_DATE_EPOCH: ''});
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('SOURCE_DATE_EPOCH=1700000000 (2023-11-14T22:13:20Z, from the newest file: etc/oddapp/oddapp.conf)');
      const file = join(out, 'oddapp-1.0-1.noarch.rpm');
      expect((await execa('rpm', ['-qp', '--qf', '%{BUILDTIME}', file])).stdout).toBe('1700000000');
      sums.push((await execa('sha256sum', [file])).stdout.split(' ')[0]);
    }
    expect(sums[0]).toBe(sums[1]);
  });

  it.each([
    ['a missing directory', ['package', 'no-such-dir', '--name', 'oddapp', '--version', '1', '--format', 'deb'], /no-such-dir is not a directory/],
    ['a bad name', ['package', 'root', '--name', 'Odd App', '--version', '1', '--format', 'deb'], /not a valid deb package name/],
    ['a bad version', ['package', 'root', '--name', 'oddapp', '--version', 'one', '--format', 'rpm'], /not a valid rpm version|not a package version/],
    ['an unknown flag', ['package', 'root', '--name', 'oddapp', '--version', '1', '--format', 'deb', '--bogus'], /Nonexistent flag: --bogus/],
    ['an unknown fpm flag', ['package', 'root', '--name', 'oddapp', '--version', '1', '--format', 'deb', '--fpm-args', '--deb-user nobody'], /--deb-user is not supported/],
    ['a bad compression', ['package', 'root', '--name', 'oddapp', '--version', '1', '--format', 'deb', '--compression', 'xz:12'], /xz compression level must be 0-9/],
  ])('refuses %s with exit 2 and writes nothing', async (_what, argv, message) => {
    const r = await runCli([...argv, '-o', join(dir, 'bad')], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await readdir(join(dir, 'bad')).catch(() => [])).toEqual([]);
  });

  it('refuses an --arch that the tree\'s ELF files contradict, naming the file, with exit 2', async () => {
    const elfRoot = join(dir, 'elfroot');
    await mkdir(join(elfRoot, 'opt/tool/bin'), {recursive: true});
    await copyFile('/bin/true', join(elfRoot, 'opt/tool/bin/true'));
    const r = await runCli(['package', elfRoot, '--name', 'tool', '--version', '1', '--format', 'deb', '--arch', 'arm64', '-o', join(dir, 'bad-arch')], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the package is for arm64, but it holds ELF files built for another architecture \(amd64: \/opt\/tool\/bin\/true\)/);
    expect(await readdir(join(dir, 'bad-arch')).catch(() => [])).toEqual([]);
    const ok = await runCli(['package', elfRoot, '--name', 'tool', '--version', '1', '--format', 'deb', '--arch', 'amd64', '-o', join(dir, 'good-arch')], dir);
    expect(ok.exitCode, ok.stderr).toBe(0);
  });
});

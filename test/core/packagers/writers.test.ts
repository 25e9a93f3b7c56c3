import {createHash} from 'node:crypto';
import {readFile, readdir, rm, copyFile, mkdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {debPackager} from '../../../src/core/packagers/deb.js';
import {rpmPackager} from '../../../src/core/packagers/rpm.js';
import {stageTree} from '../../../src/core/packagers/staged-tree.js';
import type {StagedTree} from '../../../src/core/packagers/packager.js';
import {makeOddTree, tarDirectory, tempDir} from './tree-fixture.js';
import {sampleMeta} from './meta-fixture.js';

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('staged tree', () => {
  let dir: string;
  let tree: StagedTree;
  beforeAll(async () => {
    dir = await tempDir();
    await makeOddTree(join(dir, 'root'));
    // A real ELF file from the host, for DT_NEEDED and the architecture.
    await mkdir(join(dir, 'root', 'opt', 'oddapp', 'bin'), {recursive: true});
    await copyFile('/bin/ls', join(dir, 'root', 'opt', 'oddapp', 'bin', 'ls'));
    tree = await stageTree(await tarDirectory(join(dir, 'root')));
  });
  afterAll(async () => {
    await tree?.dispose();
    await rm(dir, {recursive: true, force: true});
  });

  it('indexes every entry sorted, adds implicit parents, keeps hard links and digests', () => {
    const paths = tree.entries.map((e) => e.path);
    expect(paths).toContain('/opt');
    expect(paths).toContain('/opt/oddapp/empty dir');
    expect(paths).toContain('/opt/oddapp/ünïcødé-名前.txt');
    expect([...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))).toEqual(paths);
    const data = tree.entries.find((e) => e.path === '/opt/oddapp/data.bin')!;
    const link = tree.entries.find((e) => e.path === '/opt/oddapp/data-hardlink.bin')!;
    expect(data.linkGroup).toBeGreaterThan(0);
    expect(link.linkGroup).toBe(data.linkGroup);
    expect(data.sha256).toBe(createHash('sha256').update(Buffer.alloc(5000, 7)).digest('hex'));
    expect(tree.entries.find((e) => e.path === '/opt/oddapp/run')).toMatchObject({type: 'symlink', linkTarget: 'bin/oddapp'});
  });

  it('finds DT_NEEDED and the architecture in ELF files', () => {
    expect(tree.facts.needed).toContain('libc.so.6');
    expect(tree.facts.architecture).toBe(process.arch === 'x64' ? 'amd64' : 'arm64');
  });

  it.each(['deb', 'rpm'] as const)('writes byte-identical %s packages from the same input', async (format) => {
    const packager = format === 'deb' ? debPackager : rpmPackager;
    const meta = sampleMeta({compression: {algorithm: 'xz', level: 1}});
    const a = join(dir, `a.${format}`);
    const b = join(dir, `b.${format}`);
    await packager.write(meta, tree, a);
    // A second staging of the same tree: nothing about the first run may leak in.
    const again = await stageTree(await tarDirectory(join(dir, 'root')));
    try {
      await packager.write(meta, again, b);
    } finally {
      await again.dispose();
    }
    expect(await sha256(a)).toBe(await sha256(b));
  });

  it('refuses paths that climb out of the tree', async () => {
    const tar = (await import('tar-stream')).default;
    const pack = tar.pack();
    pack.entry({name: '../etc/passwd'} as Parameters<typeof pack.entry>[0], 'x');
    pack.finalize();
    const {Readable} = await import('node:stream');
    await expect(stageTree(Readable.from(pack as unknown as AsyncIterable<Buffer>))).rejects.toThrow(/contains "\.\."/);
  });

  it('leaves out excluded paths', async () => {
    const out = join(dir, 'x.deb');
    await debPackager.write(sampleMeta({excludes: ['opt/oddapp/lib', '**/*.txt']}), tree, out);
    const {stdout} = await execa('dpkg-deb', ['--contents', out]);
    expect(stdout).not.toMatch(/lib\/|\.txt/);
    expect(stdout).toMatch(/data\.bin/);
  });
});

describe('failed writes', () => {
  it.each(['deb', 'rpm'] as const)('leave no half-written %s behind', async (format) => {
    const dir = await tempDir();
    await makeOddTree(join(dir, 'root'));
    const tree = await stageTree(await tarDirectory(join(dir, 'root')));
    await tree.dispose(); // the spool is gone: reading file contents fails mid-write
    const out = join(dir, `broken.${format}`);
    const packager = format === 'deb' ? debPackager : rpmPackager;
    await expect(packager.write(sampleMeta({compression: {algorithm: format === 'deb' ? 'xz' : 'zstd'}}), tree, out)).rejects.toThrow(/ENOENT/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).filter((n) => n.startsWith('.vdist-'))).toEqual([]);
    await rm(dir, {recursive: true, force: true});
  });
});

describe('file names', () => {
  it('names packages as fpm does', () => {
    expect(debPackager.fileName(sampleMeta({iteration: undefined}))).toBe('oddapp_1.2.3_amd64.deb');
    expect(debPackager.fileName(sampleMeta({epoch: 3}))).toBe('oddapp_1.2.3-4_amd64.deb');
    expect(rpmPackager.fileName(sampleMeta({iteration: undefined}))).toBe('oddapp-1.2.3-1.x86_64.rpm');
    expect(rpmPackager.fileName(sampleMeta({architecture: 'all'}))).toBe('oddapp-1.2.3-4.noarch.rpm');
  });
});

import {createHash} from 'node:crypto';
import {readFile, readdir, rm, copyFile, link, mkdir, mkdtemp, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {execa} from 'execa';
import tar from 'tar-stream';
import {debPackager} from '../../../src/core/formats/deb/writer.js';
import {hostTreeSource} from '../../../src/core/tree/host-tree.js';
import type {PackageMetadata} from '../../../src/core/packagers/packager.js';
import {rpmPackager} from '../../../src/core/formats/rpm/writer.js';
import {streamPackage, type TarSource} from '../../../src/core/packagers/stream-package.js';
import {fixtureSource, makeOddTree, tarDirectory, tempDir, writePackage} from './tree-fixture.js';
import {sampleMeta} from './meta-fixture.js';

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('single-pass writers', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await tempDir();
    root = join(dir, 'root');
    await makeOddTree(root);
    // A real ELF file from the host, for DT_NEEDED and the architecture.
    await copyFile('/bin/ls', join(root, 'opt', 'oddapp', 'bin', 'ls'));
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  /** Every entry the deb writer records, in the order it wrote them. */
  async function debEntries(source: TarSource, over: Partial<PackageMetadata> = {}) {
    const work = await mkdtemp(join(dir, 'w-'));
    const streamed = await streamPackage(debPackager, source, sampleMeta(over), work);
    const out = join(work, 'x.deb');
    await streamed.finish(sampleMeta(over), out);
    const {stdout} = await execa('dpkg-deb', ['--contents', out]);
    return {facts: streamed.facts, lines: stdout.split('\n'), out};
  }

  it('writes entries in tree order (tar --sort=name), shared parents left out, hard links after their target', async () => {
    const {lines} = await debEntries(fixtureSource(root, 'opt/oddapp'));
    const names = lines.map((l) => l.replace(/^.* \.\//, './').replace(/ link to .*| -> .*/, ''));
    // /opt is implied by the tar but shared: the package does not own it.
    expect(names.slice(0, 2)).toEqual(['./', './opt/oddapp/']);
    expect(names.indexOf('./opt/oddapp/lib/')).toBeLessThan(names.indexOf('./opt/oddapp/run'));
    const keys = names.map((n) => Buffer.from(n.replace(/\/$/, '').replaceAll('/', '\0')));
    expect([...keys].sort(Buffer.compare)).toEqual(keys);
    expect(lines.join('\n')).toMatch(/hrw-r--r-- root\/root +0 .*\.\/opt\/oddapp\/data\.bin link to \.\/opt\/oddapp\/data-hardlink\.bin/);
  });

  it('finds DT_NEEDED and the architecture in ELF files on the way', async () => {
    const {facts} = await debEntries(fixtureSource(root, 'opt/oddapp'));
    expect(facts.needed).toContain('libc.so.6');
    expect(facts.architecture).toBe(process.arch === 'x64' ? 'amd64' : 'arm64');
    expect(facts.provided).toContain('ls');
  });

  it.each(['deb', 'rpm'] as const)('writes byte-identical %s packages from the stream fed twice, and from the host directory alike', async (format) => {
    const packager = format === 'deb' ? debPackager : rpmPackager;
    const meta = sampleMeta({compression: {algorithm: 'xz', level: 1}});
    const sums = [];
    for (const source of [fixtureSource(root), fixtureSource(root), await hostTreeSource(root)]) {
      const out = join(dir, `same-${sums.length}.${format}`);
      await writePackage(packager, meta, source, out);
      sums.push(await sha256(out));
    }
    expect(new Set(sums).size).toBe(1);
  });

  it('refuses paths that climb out of the tree', async () => {
    const pack = tar.pack();
    pack.entry({name: '../etc/passwd'} as Parameters<typeof pack.entry>[0], 'x');
    pack.finalize();
    const source: TarSource = (sink) => pipeline(Readable.from(pack as unknown as AsyncIterable<Buffer>), sink);
    await expect(writePackage(debPackager, sampleMeta(), source, join(dir, 'climb.deb'))).rejects.toThrow(/contains "\.\."/);
  });

  it('refuses a tar that is not in tree order', async () => {
    const pack = tar.pack();
    for (const name of ['opt/b', 'opt/a']) pack.entry({name} as Parameters<typeof pack.entry>[0], 'x');
    pack.finalize();
    const source: TarSource = (sink) => pipeline(Readable.from(pack as unknown as AsyncIterable<Buffer>), sink);
    await expect(writePackage(rpmPackager, sampleMeta(), source, join(dir, 'order.rpm'))).rejects.toThrow(/out of order/);
    expect((await readdir(dir)).filter((n) => n.startsWith('.vdist-') || n === 'order.rpm')).toEqual([]);
  });

  it('leaves out excluded paths', async () => {
    const {lines} = await debEntries(fixtureSource(root), {excludes: ['opt/oddapp/lib', '**/*.txt']});
    expect(lines.join('\n')).not.toMatch(/lib\/|\.txt/);
    expect(lines.join('\n')).toMatch(/data\.bin/);
  });

  it('keeps a hard link whose first member is excluded, with its content (a second pass)', async () => {
    const {lines, out} = await debEntries(fixtureSource(root), {excludes: ['**/data-hardlink.bin']});
    expect(lines.join('\n')).toMatch(/-rw-r--r-- root\/root +5000 .*\.\/opt\/oddapp\/data\.bin$/m);
    expect(lines.join('\n')).not.toMatch(/data-hardlink/);
    const x = join(dir, 'x-extract');
    await execa('dpkg-deb', ['-x', out, x]);
    expect(await readFile(join(x, 'opt/oddapp/data.bin'))).toEqual(Buffer.alloc(5000, 7));
  });

  it('puts a hard-link set\'s content on its last member in an rpm (cpio -t lists both, one with data)', async () => {
    const out = join(dir, 'links.rpm');
    await writePackage(rpmPackager, sampleMeta({compression: {algorithm: 'gzip'}}), fixtureSource(root), out);
    const cpio = await execa('sh', ['-c', 'rpm2cpio "$1" | cpio -itv --quiet', 'sh', out]);
    expect(cpio.stdout).toMatch(/-rw-r--r-- +2 root +root +0 .* \.\/opt\/oddapp\/data-hardlink\.bin/);
    expect(cpio.stdout).toMatch(/-rw-r--r-- +2 root +root +5000 .* \.\/opt\/oddapp\/data\.bin/);
  });
});

// The encoders' bytes, pinned: a change to how the tree is read or encoded
// must give the same data.tar, control.tar and cpio payload. The digests are
// of the uncompressed parts, so a new xz or zlib does not move them. They
// were taken with the tar-stream reader and checked again with the reader
// that replaced it (src/core/archive/tar-reader.ts): a change here is a change to every package.
describe('pinned bytes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeOddTree(join(dir, 'root'));
    // Modes that do not depend on the umask of the machine running the test.
    await execa('chmod', ['-R', 'u=rwX,go=rX', join(dir, 'root')]);
    await execa('chmod', ['0755', join(dir, 'root/opt/oddapp/bin/oddapp')]);
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

  it('of the .deb: data.tar and control.tar', async () => {
    const out = join(dir, 'pinned.deb');
    await writePackage(debPackager, sampleMeta({compression: {algorithm: 'xz', level: 0}}), fixtureSource(join(dir, 'root')), out);
    const data = await execa('dpkg-deb', ['--fsys-tarfile', out], {encoding: 'buffer'});
    const control = await execa('dpkg-deb', ['--ctrl-tarfile', out], {encoding: 'buffer'});
    expect({data: digest(data.stdout), control: digest(control.stdout)}).toEqual({
      data: 'bd8baeed7244eb3be133bc1bee1971233a285d3fd201b2104b73360e026f4459',
      control: '54773b4f5211856ce5eb841a15c172be27d3fb4559e2516d89a800cb9e21caa4',
    });
  });

  it('of the .rpm: the cpio payload', async () => {
    const out = join(dir, 'pinned.rpm');
    await writePackage(rpmPackager, sampleMeta({compression: {algorithm: 'zstd', level: 3}}), fixtureSource(join(dir, 'root')), out);
    const payload = await execa('rpm2cpio', [out], {encoding: 'buffer'});
    expect(digest(payload.stdout)).toBe('ccf7f7ace43151587b78caf0b752b52eef1e1ec8fa0d9af506b3294bbd2bedf9');
  });
});

describe('empty hard-linked files', () => {
  it.each(['deb', 'rpm'] as const)('are written into a %s as a hard-link set with no content', async (format) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'root', 'opt', 'app'), {recursive: true});
    await writeFile(join(dir, 'root', 'opt', 'app', 'a'), '');
    await link(join(dir, 'root', 'opt', 'app', 'a'), join(dir, 'root', 'opt', 'app', 'b'));
    try {
      const out = join(dir, `x.${format}`);
      await writePackage(format === 'deb' ? debPackager : rpmPackager, sampleMeta({compression: {algorithm: 'gzip'}}), fixtureSource(join(dir, 'root')), out);
      const listing = format === 'deb' ? (await execa('dpkg-deb', ['--contents', out])).stdout : (await execa('sh', ['-c', 'rpm2cpio "$1" | cpio -itv --quiet', 'sh', out])).stdout;
      expect(listing).toMatch(/\.\/opt\/app\/a\b/);
      expect(listing).toMatch(/\.\/opt\/app\/b\b/);
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});

describe('failed writes', () => {
  it.each(['deb', 'rpm'] as const)('leave no half-written %s behind', async (format) => {
    const dir = await tempDir();
    await makeOddTree(join(dir, 'root'));
    // The producer dies half-way, as an engine does when its container goes away.
    const source: TarSource = async (sink) => {
      const tarStream = await tarDirectory(join(dir, 'root'));
      let n = 0;
      for await (const chunk of tarStream) {
        if (++n > 2) throw new Error('engine went away');
        sink.write(chunk);
      }
    };
    const out = join(dir, `broken.${format}`);
    const packager = format === 'deb' ? debPackager : rpmPackager;
    await expect(writePackage(packager, sampleMeta({compression: {algorithm: format === 'deb' ? 'xz' : 'zstd'}}), source, out)).rejects.toThrow(/engine went away/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).filter((n) => n.startsWith('.vdist-'))).toEqual([]);
    await rm(dir, {recursive: true, force: true});
  });

  it('stop reading when the compressor dies, and say so', async () => {
    const dir = await tempDir();
    await makeOddTree(join(dir, 'root'));
    // More than the pipes hold, so the reader is still going when xz dies.
    await writeFile(join(dir, 'root', 'opt', 'oddapp', 'big.bin'), Buffer.alloc(32 << 20, 1));
    // An xz that reads a little, then fails as a full disk or a crash would make it.
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin', 'xz'), '#!/bin/sh\nhead -c 1000 >/dev/null\necho "xz: write error: boom" >&2\nexit 1\n', {mode: 0o755});
    const path = process.env.PATH;
    process.env.PATH = `${join(dir, 'bin')}:${path}`;
    try {
      const out = join(dir, 'x.deb');
      await expect(writePackage(debPackager, sampleMeta({compression: {algorithm: 'xz', level: 0}}), fixtureSource(join(dir, 'root')), out)).rejects.toThrow(/xz .*exit code 1|boom/);
      await expect(stat(out)).rejects.toThrow(/ENOENT/);
    } finally {
      process.env.PATH = path;
      await rm(dir, {recursive: true, force: true});
    }
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

describe('shared directories', () => {
  // A tree from a host directory lists every parent, as `vdist package DIR` does.
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    const root = join(dir, 'root');
    for (const d of ['opt/app/bin', 'usr/bin', 'usr/share/doc/app', 'usr/lib/systemd/system', 'etc']) await mkdir(join(root, d), {recursive: true});
    await writeFile(join(root, 'opt/app/bin/app'), '#!/bin/sh\n');
    await execa('ln', ['-s', '/opt/app/bin/app', join(root, 'usr/bin/app')]);
    await writeFile(join(root, 'usr/share/doc/app/copyright'), 'x\n');
    await writeFile(join(root, 'usr/lib/systemd/system/app.service'), '[Service]\n');
    await writeFile(join(root, 'etc/app.conf'), 'a = 1\n');
    await execa('chmod', ['-R', 'u=rwX,go=rX', root]);
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  it('are not in a .deb, whose preinst makes the ones its files need', async () => {
    const out = join(dir, 'x.deb');
    await writePackage(debPackager, sampleMeta({compression: {algorithm: 'gzip'}}), await hostTreeSource(join(dir, 'root')), out);
    const {stdout} = await execa('dpkg-deb', ['--contents', out]);
    const dirs = stdout.split('\n').filter((l) => l.startsWith('d')).map((l) => l.replace(/^.* \.\//, './'));
    expect(dirs).toEqual(['./', './opt/app/', './opt/app/bin/', './usr/share/doc/app/']);
    const preinst = (await execa('dpkg-deb', ['--info', out, 'preinst'])).stdout;
    expect(preinst).toContain("mkdir -p '/etc' '/opt' '/usr/bin' '/usr/lib/systemd/system' '/usr/share/doc')");
  });

  it('are not in an .rpm', async () => {
    const out = join(dir, 'x.rpm');
    await writePackage(rpmPackager, sampleMeta({compression: {algorithm: 'gzip'}}), await hostTreeSource(join(dir, 'root')), out);
    const {stdout} = await execa('rpm', ['-qlp', out]);
    expect(stdout.split('\n')).toEqual([
      '/etc/app.conf', '/opt/app', '/opt/app/bin', '/opt/app/bin/app', '/usr/bin/app',
      '/usr/lib/systemd/system/app.service', '/usr/share/doc/app', '/usr/share/doc/app/copyright',
    ]);
  });
});

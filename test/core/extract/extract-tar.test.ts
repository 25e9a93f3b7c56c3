import {mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import tarStream from 'tar-stream';
import {extractTar} from '../../../src/core/extract/extract-tar.js';

type Entry = Partial<tarStream.Header> & {name: string; body?: string};

function tarOf(entries: Entry[]): Readable {
  const pack = tarStream.pack();
  const out = new PassThrough();
  pack.pipe(out);
  for (const {body, ...header} of entries) pack.entry(header, body ?? '');
  pack.finalize();
  return out;
}

describe('extractTar', () => {
  let base: string;
  let dest: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'vdist-extract-'));
    dest = join(base, 'dist');
    await mkdir(dest);
    await writeFile(join(dest, 'earlier_1.0_amd64.deb'), 'old');
  });
  afterEach(() => rm(base, {recursive: true, force: true}));

  it('writes files, directories, symlinks and hard links, keeping earlier outputs', async () => {
    const r = await extractTar(
      tarOf([
        {name: './', type: 'directory'},
        {name: './pkg/', type: 'directory'},
        {name: './pkg/app_1.0_amd64.deb', body: 'deb', mode: 0o644},
        {name: './pkg/run.sh', body: '#!/bin/sh\n', mode: 0o755},
        {name: './latest.deb', type: 'symlink', linkname: 'pkg/app_1.0_amd64.deb'},
        {name: './pkg/copy.deb', type: 'link', linkname: './pkg/app_1.0_amd64.deb'},
      ]),
      dest,
    );
    expect(r.files).toEqual(['pkg/app_1.0_amd64.deb', 'pkg/run.sh', 'latest.deb', 'pkg/copy.deb']);
    expect(await readFile(join(dest, 'pkg/app_1.0_amd64.deb'), 'utf8')).toBe('deb');
    expect(await readlink(join(dest, 'latest.deb'))).toBe('pkg/app_1.0_amd64.deb');
    expect(await readFile(join(dest, 'pkg/copy.deb'), 'utf8')).toBe('deb');
    expect(await readFile(join(dest, 'earlier_1.0_amd64.deb'), 'utf8')).toBe('old');
  });

  const hostile: Array<[string, Entry[], RegExp]> = [
    ['an absolute path', [{name: '/etc/evil', body: 'x'}], /"\/etc\/evil": absolute path/],
    ['a .. component', [{name: 'pkg/../../evil', body: 'x'}], /"pkg\/..\/..\/evil": ".." component/],
    ['a symlink to an absolute path', [{name: 'l', type: 'symlink', linkname: '/etc/passwd'}], /"l": symlink to absolute path/],
    ['a symlink climbing out', [{name: 'a/l', type: 'symlink', linkname: '../../x'}], /"a\/l": symlink to ..\/..\/x points outside/],
    ['a hard link to a host file', [{name: 'h', type: 'link', linkname: '/etc/passwd'}], /"h": hard link to \/etc\/passwd/],
    ['a character device', [{name: 'null', type: 'character-device', devmajor: 1, devminor: 3}], /"null": character-device entries are not allowed/],
    ['a block device', [{name: 'sda', type: 'block-device'}], /"sda": block-device/],
    ['a fifo', [{name: 'p', type: 'fifo'}], /"p": fifo/],
    ['a path of 4,096 bytes', [{name: `${'d'.repeat(200)}/`.repeat(20) + 'f'.repeat(76), body: 'x'}], /"d{100}\.\.\. \(4096 bytes\)": a path of 4096 bytes: no system can install a path over 4095 bytes \(PATH_MAX\)/],
    ['a name of 256 bytes', [{name: `pkg/${'n'.repeat(256)}`, body: 'x'}], /a name of 256 bytes: file systems hold names of up to 255 bytes/],
  ];
  it.each(hostile)('refuses %s, naming the entry, and writes nothing outside', async (_what, entries, message) => {
    await expect(extractTar(tarOf(entries), dest)).rejects.toThrow(message);
    expect((await readdir(base)).sort()).toEqual(['dist']);
    expect(await readdir(dest)).toEqual(['earlier_1.0_amd64.deb']);
  });

  it('never writes through a symlink the destination already had that leads outside', async () => {
    await mkdir(join(base, 'outside'));
    await symlink(join(base, 'outside'), join(dest, 'escape'));
    await expect(extractTar(tarOf([{name: 'escape/evil', body: 'x'}]), dest)).rejects.toThrow(/"escape": escape leads outside/);
    expect(await readdir(join(base, 'outside'))).toEqual([]);
  });

  it('a symlink entry followed by a file under it cannot leave the root', async () => {
    const entries: Entry[] = [
      {name: 'inner/', type: 'directory'},
      {name: 'up', type: 'symlink', linkname: 'inner'},
      {name: 'up/file', body: 'ok'},
    ];
    await extractTar(tarOf(entries), dest);
    expect(await readFile(join(dest, 'inner/file'), 'utf8')).toBe('ok');
  });
});

import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {TreeReader} from '../../../src/core/tree/tree-stream.js';
import {tarDirectory, tempDir} from '../packagers/tree-fixture.js';

// The project's doc files (copyright, changelog) join the install tree in
// tree order, their parent directories implied once; a path the tree has
// itself keeps the tree's file.
describe('TreeReader extraFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'root/opt/app'), {recursive: true});
    await mkdir(join(dir, 'root/usr/share/doc/app'), {recursive: true});
    await mkdir(join(dir, 'root/usr/share/zz'), {recursive: true});
    await writeFile(join(dir, 'root/opt/app/x'), 'x');
    await writeFile(join(dir, 'root/usr/share/doc/app/copyright'), 'the tree\'s own');
    await writeFile(join(dir, 'root/usr/share/zz/y'), 'y');
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  async function read(under: string | undefined, extraFiles: {path: string; content: Buffer}[]) {
    const reader = new TreeReader(await tarDirectory(join(dir, 'root'), under), {excludes: [], sourceDateEpoch: 100, workDir: dir, linksNeedSpool: false, extraFiles});
    const out: string[] = [];
    let file = '';
    await reader.read({
      entry: (e) => (e.type === 'file' ? (file = `${e.path}=`) : out.push(`${e.path}/`)),
      data: (chunk) => (file += chunk.toString()),
      endFile: () => out.push(file),
    });
    await reader.close();
    return {out, facts: reader.facts};
  }

  it('merges them in order, with their parents, counted in the facts; the tree wins on the same path', async () => {
    const extras = [
      {path: '/usr/share/doc/app/changelog.gz', content: Buffer.from('c')},
      {path: '/usr/share/doc/app/copyright', content: Buffer.from('ours')},
      {path: '/usr/share/licenses/app/LICENSE', content: Buffer.from('l')},
    ];
    const {out, facts} = await read(undefined, extras);
    expect(out.filter((l) => l.startsWith('/usr'))).toEqual([
      '/usr/', '/usr/share/', '/usr/share/doc/', '/usr/share/doc/app/', '/usr/share/doc/app/changelog.gz=c', "/usr/share/doc/app/copyright=the tree's own",
      '/usr/share/licenses/', '/usr/share/licenses/app/', '/usr/share/licenses/app/LICENSE=l', '/usr/share/zz/', '/usr/share/zz/y=y',
    ]);
    expect(facts.fileCount).toBe(5);
    // Two of the five are vdist's own (the tree's copyright won): an empty build is still told apart.
    expect(facts.addedFileCount).toBe(2);
  });

  it('after the last entry of a tree that has no /usr, with every parent implied', async () => {
    const {out} = await read('opt', [{path: '/usr/share/doc/app/copyright', content: Buffer.from('ours')}]);
    expect(out).toEqual(['/opt/', '/opt/app/', '/opt/app/x=x', '/usr/', '/usr/share/', '/usr/share/doc/', '/usr/share/doc/app/', '/usr/share/doc/app/copyright=ours']);
  });
});

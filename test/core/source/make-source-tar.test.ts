import {lutimes, mkdtemp, mkdir, readFile, rm, symlink, utimes, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {makeSourceTar} from '../../../src/core/source/make-source-tar.js';
import {readTar} from './read-tar.js';

const git = (cwd: string, ...args: string[]) =>
  execa('git', args, {cwd, env: {GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z'}});

async function makeRepo(dir: string): Promise<void> {
  await mkdir(join(dir, 'app'), {recursive: true});
  await writeFile(join(dir, 'app', 'main.py'), 'print(1)\n');
  await symlink('app/main.py', join(dir, 'entry.py'));
  await git(dir, 'init', '--quiet', '--initial-branch', 'main');
  await git(dir, 'config', 'user.email', 't@example.invalid');
  await git(dir, 'config', 'user.name', 'T');
  await git(dir, 'add', '.');
  await git(dir, 'commit', '--quiet', '-m', 'one');
  await git(dir, 'tag', 'v1');
}

describe('makeSourceTar', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'vdist-source-'));
  });
  afterEach(() => rm(base, {recursive: true, force: true}));

  it('directory: walks in sorted order, keeps symlinks, skips .git, the output dir and .vdistignore patterns', async () => {
    const src = join(base, 'src');
    await makeRepo(src);
    await mkdir(join(src, 'dist'));
    await writeFile(join(src, 'dist', 'old.deb'), 'x');
    await mkdir(join(src, 'build', 'tmp'), {recursive: true});
    await writeFile(join(src, 'build', 'tmp', 'junk'), 'x');
    await writeFile(join(src, 'notes.log'), 'x');
    await writeFile(join(src, '.vdistignore'), '*.log\nbuild/\n');
    const s = await makeSourceTar({kind: 'directory', path: src}, {outputDir: join(src, 'dist'), workingDir: 'app'});
    const entries = await readTar(s.tar);
    expect(entries.map((e) => e.name)).toEqual(['.vdistignore', 'app/', 'app/main.py', 'entry.py']);
    expect(entries.find((e) => e.name === 'entry.py')).toMatchObject({type: 'symlink', linkname: 'app/main.py'});
    expect(s.date?.origin).toBe('newest file');
    expect(await s.hasFile('app/main.py')).toBe('present');
    expect(await s.hasFile('notes.log')).toBe('ignored');
    expect(await s.hasFile('build/tmp/junk')).toBe('ignored');
    expect(await s.hasFile('dist/old.deb')).toBe('ignored');
    expect(await s.hasFile('.git/HEAD')).toBe('ignored');
    expect(await s.hasFile('app')).toBe('missing');
    expect(await s.hasFile('nope.py')).toBe('missing');
  });

  it('directory: dated by the newest file or symlink the tar holds; directories, .git, the output dir and ignored files do not count', async () => {
    const src = join(base, 'src');
    await makeRepo(src);
    const at = (iso: string) => new Date(iso);
    await writeFile(join(src, '.vdistignore'), '*.log\n');
    await writeFile(join(src, 'notes.log'), 'x');
    await mkdir(join(src, 'dist'));
    await writeFile(join(src, 'dist', 'old.deb'), 'x');
    for (const f of ['.vdistignore', 'app/main.py']) await utimes(join(src, f), at('2023-01-01T00:00:00Z'), at('2023-01-01T00:00:00Z'));
    await lutimes(join(src, 'entry.py'), at('2023-06-01T12:00:00Z'), at('2023-06-01T12:00:00Z'));
    // Newer, but left out of the tar: none of these may date the build.
    for (const f of ['notes.log', 'dist/old.deb', '.git/HEAD']) await utimes(join(src, f), at('2030-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'));
    for (const d of ['.', 'app']) await utimes(join(src, d), at('2029-01-01T00:00:00Z'), at('2029-01-01T00:00:00Z'));
    const s = await makeSourceTar({kind: 'directory', path: src}, {outputDir: join(src, 'dist')});
    expect(s.date).toEqual({value: Date.parse('2023-06-01T12:00:00Z') / 1000, origin: 'newest file', detail: 'entry.py'});
    // The tar comes from the same walk: its entries are the ones the date was taken from.
    expect((await readTar(s.tar)).map((e) => e.name)).toEqual(['.vdistignore', 'app/', 'app/main.py', 'entry.py']);
  });

  it('directory: one without files has no date (the build falls back)', async () => {
    await mkdir(join(base, 'empty', 'sub'), {recursive: true});
    const s = await makeSourceTar({kind: 'directory', path: join(base, 'empty')});
    expect(s.date).toBeUndefined();
    expect((await readTar(s.tar)).map((e) => e.name)).toEqual(['sub/']);
  });

  it('reads single files of the source: the directory, or the branch of a git_directory (not its working tree)', async () => {
    const repo = join(base, 'repo');
    await makeRepo(repo);
    await writeFile(join(repo, 'app', 'main.py'), 'print(9)\n');
    const dir = await makeSourceTar({kind: 'directory', path: repo});
    expect(await dir.readFile('app/main.py')).toBe('print(9)\n');
    expect(await dir.readFile('app/poetry.lock')).toBeUndefined();
    const branch = await makeSourceTar({kind: 'git_directory', path: repo, branch: 'main'});
    expect(await branch.readFile('app/main.py')).toBe('print(1)');
    expect(await branch.readFile('app/poetry.lock')).toBeUndefined();
    // Directory listings, for license-files globs and a bare LICENSE.
    expect((await dir.listDir('app')).sort()).toEqual(['main.py']);
    expect(await branch.listDir('app')).toEqual(['main.py']);
    expect(await branch.listDir('.')).toContain('app');
    expect(await branch.listDir('nope')).toEqual([]);
    expect(await dir.listDir('nope')).toEqual([]);
    await readTar(dir.tar);
    await readTar(branch.tar);
  });

  it('directory: a missing working_dir is an error that names it', async () => {
    await expect(makeSourceTar({kind: 'directory', path: base}, {workingDir: 'nope'})).rejects.toThrow(/working_dir "nope" is not a directory/);
  });

  it('git_directory: archives the branch, leaving the working tree, index and HEAD untouched', async () => {
    const repo = join(base, 'repo');
    await makeRepo(repo);
    await git(repo, 'checkout', '--quiet', '-b', 'feature');
    await writeFile(join(repo, 'app', 'main.py'), 'print(2)\n');
    await writeFile(join(repo, 'untracked.txt'), 'u');
    await git(repo, 'add', 'app/main.py');
    await writeFile(join(repo, 'app', 'main.py'), 'print(3)\n');
    const before = {
      status: (await git(repo, 'status', '--porcelain')).stdout,
      head: (await git(repo, 'rev-parse', 'HEAD')).stdout + (await git(repo, 'symbolic-ref', 'HEAD')).stdout,
      index: await readFile(join(repo, '.git', 'index')),
    };
    const s = await makeSourceTar({kind: 'git_directory', path: repo, branch: 'main'}, {workingDir: 'app'});
    const entries = await readTar(s.tar);
    expect(entries.find((e) => e.name === 'app/main.py')?.body).toBe('print(1)\n');
    expect(entries.find((e) => e.name === 'entry.py')).toMatchObject({type: 'symlink', linkname: 'app/main.py'});
    expect(entries.some((e) => e.name.includes('untracked'))).toBe(false);
    expect(s.date).toMatchObject({value: Date.parse('2024-01-02T03:04:05Z') / 1000, origin: 'git commit'});
    expect(await s.hasFile('app/main.py')).toBe('present');
    expect(await s.hasFile('untracked.txt')).toBe('missing');
    expect(await s.hasFile('app')).toBe('missing');
    expect((await git(repo, 'status', '--porcelain')).stdout).toBe(before.status);
    expect((await git(repo, 'rev-parse', 'HEAD')).stdout + (await git(repo, 'symbolic-ref', 'HEAD')).stdout).toBe(before.head);
    expect((await readFile(join(repo, '.git', 'index'))).equals(before.index)).toBe(true);
  });

  it('git_directory: an unknown branch is an error naming it', async () => {
    const repo = join(base, 'repo');
    await makeRepo(repo);
    await expect(makeSourceTar({kind: 'git_directory', path: repo, branch: 'nope'})).rejects.toThrow(/branch or tag "nope" not found/);
  });

  it.each([
    ['a branch, URI with .git', 'repo.git', 'main'],
    ['a tag, URI without the trailing .git', 'repo', 'v1'],
  ])('git: shallow-clones %s into a temp dir and cleans it up', async (_what, uriPath, ref) => {
    const work = join(base, 'work');
    await makeRepo(work);
    await execa('git', ['clone', '--quiet', '--bare', work, join(base, 'repo.git')]);
    const s = await makeSourceTar({kind: 'git', uri: `file://${join(base, uriPath)}`, branch: ref});
    const entries = await readTar(s.tar);
    expect(entries.find((e) => e.name === 'app/main.py')?.body).toBe('print(1)\n');
    expect(s.date).toMatchObject({value: Date.parse('2024-01-02T03:04:05Z') / 1000, origin: 'git commit'});
    expect(await s.hasFile('entry.py')).toBe('present');
    await s.cleanup();
  });

  it('git: a failed clone names the URI with its password masked', async () => {
    const error = (await makeSourceTar({kind: 'git', uri: 'file://user:hunter2@localhost/nonexistent/repo', branch: 'main'}).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('could not clone branch or tag "main" of file://user:***@localhost/nonexistent/repo');
    expect(error.message).not.toContain('hunter2');
  });
});

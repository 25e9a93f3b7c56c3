import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import type {Readable} from 'node:stream';
import {VdistError} from '../errors.js';
import {trackTemporary} from '../output-file.js';
import type {Logger} from '../log.js';
import {redact} from '../redact.js';
import type {SourceSpec} from '../types.js';
import {directoryTar, scanDirectory, sourceFileState} from './directory-tar.js';
import {commitTime, gitArchive, listCommitDir, readCommitFile, resolveCommit, shallowClone, treeHasFile, treeHasPath} from './git-tar.js';

export interface SourceTarOptions {
  /** Skipped when it lies inside a `directory` source. */
  outputDir?: string;
  /** The build's working_dir: must exist in the source ('' = the root). */
  workingDir?: string;
  log?: Logger;
  signal?: AbortSignal;
}

/** The date a source carries: the build's SOURCE_DATE_EPOCH unless the environment sets one. */
export interface SourceDate {
  value: number;
  origin: 'git commit' | 'newest file';
  /** What gave it: the commit id, or the newest file's path in the source. */
  detail?: string;
}

/** The application's source as a tar stream, made on the host. */
export interface SourceTar {
  tar: Readable;
  /** The source's date (SOURCE_DATE_EPOCH unless the environment sets one): a git source's commit time, a directory's newest file; undefined for a directory without files. */
  date?: SourceDate;
  /** A file of the source by its path from the source root (the lock file, pyproject.toml); undefined when absent. Call before cleanup. */
  readFile(path: string): Promise<string | undefined>;
  /** The names in a directory of the source ('.' for the root); [] when absent. Call before cleanup. */
  listDir(dir: string): Promise<string[]>;
  /** Whether the tar holds `path` as a file: 'ignored' when it exists but .vdistignore, .git or the output dir leaves it out. Call before cleanup. */
  hasFile(path: string): Promise<'present' | 'missing' | 'ignored'>;
  /** Remove temporary files (a `git` clone). Call after the tar was consumed; safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * `directory`: a walk of the tree. `git_directory`: `git archive` of the
 * branch, never a checkout in the user's tree. `git`: a shallow clone into a
 * temp dir, then the same.
 */
export async function makeSourceTar(spec: SourceSpec, options: SourceTarOptions = {}): Promise<SourceTar> {
  const workingDir = (options.workingDir ?? '').replace(/^\/+|\/+$/g, '');
  switch (spec.kind) {
    case 'directory': {
      const root = resolve(spec.path);
      const st = await stat(root).catch(() => undefined);
      if (!st?.isDirectory()) throw sourceError(`source directory ${root} does not exist`, 'Fix `source = { directory = "..." }` in vdist.toml');
      if (workingDir && !(await stat(join(root, workingDir)).catch(() => undefined))?.isDirectory()) {
        throw sourceError(`working_dir "${workingDir}" is not a directory in ${root}`, 'Fix working_dir in vdist.toml');
      }
      const read = (path: string) => readFile(join(root, path), 'utf8').catch(() => undefined);
      const listDir = (dir: string) => readdir(join(root, dir)).catch(() => []);
      // One walk gives both the tar's entries and the date, before anything streams.
      const scan = await scanDirectory(root, {outputDir: options.outputDir});
      const date: SourceDate | undefined = scan.newest && {value: scan.newest.mtime, origin: 'newest file', detail: scan.newest.path};
      const hasFile = (path: string) => sourceFileState(root, path, options.outputDir);
      return {tar: directoryTar(scan), date, readFile: read, listDir, hasFile, cleanup: async () => {}};
    }
    case 'git_directory':
      return fromRepo(resolve(spec.path), spec.branch, workingDir, options, async () => {});
    case 'git': {
      const dir = await mkdtemp(join(tmpdir(), 'vdist-src-'));
      const untrack = trackTemporary(dir);
      const cleanup = () => rm(dir, {recursive: true, force: true}).finally(untrack);
      try {
        await cloneEitherForm(spec.uri, spec.branch, join(dir, 'repo'), options);
        return await fromRepo(join(dir, 'repo'), 'HEAD', workingDir, options, cleanup);
      } catch (error) {
        await cleanup();
        throw error;
      }
    }
  }
}

async function fromRepo(repo: string, ref: string, workingDir: string, options: SourceTarOptions, cleanup: () => Promise<void>): Promise<SourceTar> {
  const commit = await resolveCommit(repo, ref, options);
  if (workingDir && !(await treeHasPath(repo, commit, workingDir))) {
    throw sourceError(`working_dir "${workingDir}" is not in ${ref} of ${repo}`, 'Fix working_dir in vdist.toml, or commit that directory');
  }
  const date: SourceDate = {value: await commitTime(repo, commit, options), origin: 'git commit', detail: commit.slice(0, 12)};
  return {
    tar: gitArchive(repo, commit, options),
    date,
    readFile: (path) => readCommitFile(repo, commit, path),
    listDir: (dir) => listCommitDir(repo, commit, dir),
    hasFile: async (path) => ((await treeHasFile(repo, commit, path)) ? 'present' : 'missing'),
    cleanup,
  };
}

/** `host/repo` and `host/repo.git` name the same repository on most servers: try the other form once. */
async function cloneEitherForm(uri: string, ref: string, dest: string, options: SourceTarOptions): Promise<void> {
  try {
    await shallowClone(uri, ref, dest, options);
  } catch (first) {
    if (options.signal?.aborted) throw first;
    const other = uri.replace(/\/+$/, '').endsWith('.git') ? uri.replace(/\/+$/, '').slice(0, -4) : `${uri.replace(/\/+$/, '')}.git`;
    await rm(dest, {recursive: true, force: true});
    try {
      await shallowClone(other, ref, dest, options);
    } catch {
      throw sourceError(`could not clone branch or tag "${ref}" of ${redact(uri)}: ${(first as Error).message}`, 'Check the URI, the branch and your credentials (git credential helpers work)');
    }
  }
}

function sourceError(message: string, suggestion: string): VdistError {
  return new VdistError(`Source: ${message}`, {code: 'SOURCE', exit: 2, suggestions: [suggestion]});
}

import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import type {Readable} from 'node:stream';
import {VdistError} from '../errors.js';
import {trackTemporary} from '../output-file.js';
import type {Logger} from '../log.js';
import {redact} from '../redact.js';
import type {SourceSpec} from '../types.js';
import {directoryTar} from './directory-tar.js';
import {commitTime, gitArchive, listCommitDir, readCommitFile, resolveCommit, shallowClone, treeHasPath} from './git-tar.js';

export interface SourceTarOptions {
  /** Skipped when it lies inside a `directory` source. */
  outputDir?: string;
  /** The build's working_dir: must exist in the source ('' = the root). */
  workingDir?: string;
  log?: Logger;
  signal?: AbortSignal;
}

/** The application's source as a tar stream, made on the host. */
export interface SourceTar {
  tar: Readable;
  /** Last commit time for git sources (SOURCE_DATE_EPOCH); undefined for a plain directory. */
  sourceDateEpoch?: number;
  /** A file of the source by its path from the source root (the lock file, pyproject.toml); undefined when absent. Call before cleanup. */
  readFile(path: string): Promise<string | undefined>;
  /** The names in a directory of the source ('.' for the root); [] when absent. Call before cleanup. */
  listDir(dir: string): Promise<string[]>;
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
      return {tar: directoryTar(root, options.outputDir), readFile: read, listDir, cleanup: async () => {}};
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
  const sourceDateEpoch = await commitTime(repo, commit, options);
  return {tar: gitArchive(repo, commit, options), sourceDateEpoch, readFile: (path) => readCommitFile(repo, commit, path), listDir: (dir) => listCommitDir(repo, commit, dir), cleanup};
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

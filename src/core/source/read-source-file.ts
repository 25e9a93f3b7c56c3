import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import type {SourceSpec} from '../types.js';
import {scanDirectory} from './directory-tar.js';
import {commitTime, readCommitFile, resolveCommit} from './git-tar.js';
import type {SourceDate} from './make-source-tar.js';

/**
 * Reads single files of a source without making its tar, for `vdist build
 * --dry-run`: a directory from disk, a git_directory from its branch.
 * Undefined for a `git` source, which would need a clone.
 */
export async function sourceFileReader(spec: SourceSpec): Promise<((path: string) => Promise<string | undefined>) | undefined> {
  switch (spec.kind) {
    case 'directory': {
      const root = resolve(spec.path);
      return (path) => readFile(join(root, path), 'utf8').catch(() => undefined);
    }
    case 'git_directory': {
      const repo = resolve(spec.path);
      const commit = await resolveCommit(repo, spec.branch);
      return (path) => readCommitFile(repo, commit, path);
    }
    case 'git':
      return undefined;
  }
}

/**
 * The date a source gives its build without making its tar (`--dry-run`):
 * a directory's newest file (the same walk as its tar, no file read), a
 * git_directory's commit time. Undefined for a `git` source, which would
 * need a clone, and for a directory without files.
 */
export async function sourceDate(spec: SourceSpec, outputDir?: string): Promise<SourceDate | undefined> {
  switch (spec.kind) {
    case 'directory': {
      const {newest} = await scanDirectory(spec.path, {outputDir});
      return newest && {value: newest.mtime, origin: 'newest file', detail: newest.path};
    }
    case 'git_directory': {
      const repo = resolve(spec.path);
      const commit = await resolveCommit(repo, spec.branch);
      return {value: await commitTime(repo, commit), origin: 'git commit', detail: commit.slice(0, 12)};
    }
    case 'git':
      return undefined;
  }
}

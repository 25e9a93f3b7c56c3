import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import type {SourceSpec} from '../types.js';
import {readCommitFile, resolveCommit} from './git-tar.js';

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

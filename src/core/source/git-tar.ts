import {PassThrough, type Readable} from 'node:stream';
import {VdistError} from '../errors.js';
import {exec} from '../exec.js';
import type {Logger} from '../log.js';

// Never let git wait for a password on a terminal nobody is watching.
const GIT_ENV = {GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', LC_ALL: 'C'};

/** Run git in `repo` (never touching its working tree, index or HEAD). */
export function git(repo: string, args: string[], opts: {log?: Logger; signal?: AbortSignal} = {}) {
  return exec('git', ['-C', repo, ...args], {log: opts.log, outputLevel: 'debug', signal: opts.signal, env: GIT_ENV});
}

/** The commit `ref` names in `repo`, or a VdistError naming the ref and repo. */
export async function resolveCommit(repo: string, ref: string, opts: {log?: Logger; signal?: AbortSignal} = {}): Promise<string> {
  const r = await exec('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    log: opts.log,
    outputLevel: 'debug',
    signal: opts.signal,
    env: GIT_ENV,
    allowFailure: true,
  });
  if (r.exitCode !== 0) {
    throw new VdistError(`Source: branch or tag "${ref}" not found in git repository ${repo}`, {
      code: 'SOURCE',
      exit: 2,
      suggestions: [`List them with: git -C ${repo} branch -a; git -C ${repo} tag`],
    });
  }
  return r.stdout.trim();
}

/** `git archive` of a commit as a tar stream: reads objects only, so the user's checkout is untouched. */
export function gitArchive(repo: string, commit: string, opts: {log?: Logger; signal?: AbortSignal} = {}): Readable {
  const out = new PassThrough();
  exec('git', ['-C', repo, 'archive', '--format=tar', commit], {
    log: opts.log,
    outputLevel: 'debug',
    signal: opts.signal,
    env: GIT_ENV,
    stdout: out,
  }).catch((error: Error) => out.destroy(error));
  return out;
}

/** Committer time of `commit`, in seconds since the epoch: the build's SOURCE_DATE_EPOCH. */
export async function commitTime(repo: string, commit: string, opts: {log?: Logger; signal?: AbortSignal} = {}): Promise<number> {
  const r = await git(repo, ['log', '-1', '--format=%ct', commit], opts);
  return Number.parseInt(r.stdout.trim(), 10);
}

/** Does `path` exist in the tree of `commit`? */
export async function treeHasPath(repo: string, commit: string, path: string): Promise<boolean> {
  const r = await exec('git', ['-C', repo, 'cat-file', '-e', `${commit}:${path}`], {env: GIT_ENV, allowFailure: true});
  return r.exitCode === 0;
}

/** Is `path` a file (a blob: a regular file or a symlink) in the tree of `commit`? */
export async function treeHasFile(repo: string, commit: string, path: string): Promise<boolean> {
  const r = await exec('git', ['-C', repo, 'cat-file', '-t', `${commit}:${path}`], {env: GIT_ENV, allowFailure: true});
  return r.exitCode === 0 && r.stdout.trim() === 'blob';
}

/** The text of `path` in the tree of `commit`, or undefined when it is not there. */
export async function readCommitFile(repo: string, commit: string, path: string): Promise<string | undefined> {
  const r = await exec('git', ['-C', repo, 'show', `${commit}:${path}`], {env: GIT_ENV, allowFailure: true});
  return r.exitCode === 0 ? r.stdout : undefined;
}

/** The names in directory `dir` of the tree of `commit` ('.' or '' for the root); [] when it is not there. */
export async function listCommitDir(repo: string, commit: string, dir: string): Promise<string[]> {
  const tree = dir === '' || dir === '.' ? commit : `${commit}:${dir.replace(/\/+$/, '')}`;
  const r = await exec('git', ['-C', repo, 'ls-tree', '--name-only', tree], {env: GIT_ENV, allowFailure: true});
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Shallow clone of one branch or tag into `dest`. Credentials in `uri` stay out of logs (exec redacts). */
export async function shallowClone(uri: string, ref: string, dest: string, opts: {log?: Logger; signal?: AbortSignal} = {}): Promise<void> {
  await exec('git', ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', '--branch', ref, '--', uri, dest], {
    log: opts.log,
    outputLevel: 'debug',
    signal: opts.signal,
    env: GIT_ENV,
  });
}

import {stat} from 'node:fs/promises';
import {isAbsolute, join, resolve} from 'node:path';
import {ConfigError, formatProblem, type ConfigProblem} from '../errors.js';
import type {BuildSpec, NamedFile} from '../types.js';
import {sourceFileState} from './directory-tar.js';
import {resolveCommit, treeHasFile} from './git-tar.js';

/** How a source answers "is this file in you": 'ignored' when it exists but the tar leaves it out. */
export type FileProbe = (path: string, from: 'tar' | 'read') => Promise<'present' | 'missing' | 'ignored'>;

/**
 * Checks that every file each build's vdist.toml names (NamedFile) is where
 * the build will read it, and throws one ConfigError (exit 2) naming each
 * missing one with its file, line and key, before any engine is called.
 * A directory is looked at on disk (its .vdistignore, .git and output dir
 * respected for what goes into the tar), a git_directory's branch through
 * git. A `git` source needs its clone: it is skipped here unless `probe`
 * (its made tree, see SourceTar.hasFile) is given.
 */
export async function checkNamedFiles(builds: readonly BuildSpec[], options: {outputDir?: string; probe?: FileProbe} = {}): Promise<void> {
  const problems: ConfigProblem[] = [];
  for (const spec of builds) {
    const named = spec.named_files ?? [];
    if (named.length === 0) continue;
    const probe = options.probe ?? (await sourceProbe(spec, options.outputDir));
    for (const f of named) {
      const message = await missing(spec, f, probe);
      if (message) problems.push({file: f.file, line: f.line, key: f.key, message});
    }
  }
  if (problems.length === 0) return;
  // One config, several builds (arches, [defaults]): each problem once, in file order.
  const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
  throw new ConfigError(unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
}

/** The probe of a build's source, or undefined for a `git` source (not cloned yet). */
async function sourceProbe(spec: BuildSpec, outputDir: string | undefined): Promise<FileProbe | undefined> {
  const source = spec.source;
  switch (source.kind) {
    case 'directory':
      return async (path, from) => {
        if (from === 'tar') return sourceFileState(source.path, path, outputDir);
        return (await isFile(join(source.path, path))) ? 'present' : 'missing';
      };
    case 'git_directory': {
      const repo = resolve(source.path);
      const commit = await resolveCommit(repo, source.branch);
      return async (path) => ((await treeHasFile(repo, commit, path)) ? 'present' : 'missing');
    }
    case 'git':
      return undefined;
  }
}

/** Why `f` will not be found, or undefined when it will (or cannot be told yet). */
async function missing(spec: BuildSpec, f: NamedFile, probe: FileProbe | undefined): Promise<string | undefined> {
  if (f.from === 'host') {
    // The native packager reads maintainer scripts on the host: absolute, or in the source directory (a git_directory's checkout).
    if (isAbsolute(f.path)) return (await isFile(f.path)) ? undefined : `"${f.path}" is not a file on this host`;
    if (spec.source.kind === 'git') return undefined;
    return (await isFile(join(spec.source.path, f.path))) ? undefined : `"${f.path}" is not a file in ${spec.source.path} (the path is relative to the source root)`;
  }
  if (!probe) return undefined;
  const state = await probe(f.path, f.from);
  const where = f.from === 'read' ? 'relative to working_dir' : 'relative to the source root';
  if (state === 'missing') return `"${f.path}" is not a file in the source${describeSource(spec)} (the path is ${where})`;
  if (state === 'ignored') return `"${f.path}" is left out of the source tar (by .vdistignore, or it lies in .git or the output dir), so the build would not find it`;
  return undefined;
}

function describeSource(spec: BuildSpec): string {
  const s = spec.source;
  return s.kind === 'directory' ? ` ${s.path}` : s.kind === 'git_directory' ? ` (branch ${s.branch} of ${s.path})` : ` (${s.branch})`;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

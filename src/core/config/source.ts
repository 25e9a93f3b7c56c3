import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import type {SourceSpec} from '../types.js';
import {report, type ProblemSink} from './issues.js';
import type {KeyPath} from './lines.js';
import type {BuildTable} from './schema.js';

/**
 * Checks a `source` table (exactly one kind; a branch for the git kinds only;
 * an existing directory) and resolves host paths against the config dir.
 */
export function normaliseSource(raw: NonNullable<BuildTable['source']>, path: KeyPath, sink: ProblemSink, configDir: string): SourceSpec | undefined {
  const kinds = (['directory', 'git_directory', 'git'] as const).filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    report(sink, path, kinds.length === 0 ? 'needs one of directory, git_directory or git' : `set only one of ${kinds.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  if (kind === 'directory') {
    if (raw.branch !== undefined) report(sink, [...path, 'branch'], 'branch only applies to git and git_directory sources');
  } else if (raw.branch === undefined || raw.branch === '') {
    report(sink, [...path, 'branch'], `missing: a ${kind} source needs a branch, e.g. { ${kind} = "${raw[kind]}", branch = "main" }`);
    return undefined;
  }
  if (kind === 'git') return {kind, uri: raw.git!, branch: raw.branch!};
  const dir = resolve(configDir, raw[kind]!);
  if (!existsSync(dir)) {
    report(sink, [...path, kind], `directory "${dir}" does not exist`);
    return undefined;
  }
  return kind === 'directory' ? {kind, path: dir} : {kind, path: dir, branch: raw.branch!};
}

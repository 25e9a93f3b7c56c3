import {readdir, readFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {readBuildProject, type SourceFiles} from '../../../src/core/project/read-project.js';

/** test/fixtures/project: one project per way of declaring a license. */
export const PROJECTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/project');

/** A fixture project's source, read as a `directory` source reads it. */
export function fixtureFiles(name: string): SourceFiles {
  const root = join(PROJECTS, name);
  return {
    read: (path) => readFile(join(root, path), 'utf8').catch(() => undefined),
    list: (dir) => readdir(join(root, dir)).catch(() => []),
  };
}

export const fixtureProject = (name: string, changelog?: string) => readBuildProject({working_dir: '', changelog}, fixtureFiles(name));

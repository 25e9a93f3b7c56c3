import {resolveLock, type SourceReader} from '../../../src/core/lock/index.js';
import {lockKeys, pins} from './fixtures.js';

/**
 * The project of test/fixtures/lock/real-tools: one project per tool
 * (pyproject.toml for Poetry and PDM, a Pipfile for Pipenv), locked by
 * Debian bookworm's poetry 1.3.2, pdm 2.2.1 and pipenv 2022.12.19 against
 * a loopback index (the committed locks are one such run, index on port
 * 8765, with lockWithTool's isolation; real-tools.integration.test.ts makes
 * them again on a free port). The index URL is part of what Poetry and
 * Pipenv hash, so a snapshot is only ever a whole run on port 8765. It holds:
 * fastsum pinned below the index's newest (`<0.2`: 0.1.0, not 0.2.0),
 * linuxonly and winonly behind sys_platform markers, a `dev` group with
 * devtool, and an extra `fancy` asking extrapkg[more], whose own extra pulls
 * leafpkg. Pipenv has no extras of the project: its Pipfile asks
 * extrapkg[more] among the default packages.
 */
export const REAL_TOOLS = ['poetry', 'pdm', 'pipenv'] as const;
export type RealTool = (typeof REAL_TOOLS)[number];

/** The index URL the committed fixtures were locked against: tests replace it with their own. */
export const FIXTURE_INDEX_URL = 'http://127.0.0.1:8765/simple/';

/** Per tool: its project file, its lock file, and how to ask for the dev group and the extra. */
export const TOOL_FILES: Record<RealTool, {project: string; lock: string; extras: string[]}> = {
  poetry: {project: 'pyproject.toml', lock: 'poetry.lock', extras: ['fancy']},
  pdm: {project: 'pyproject.toml', lock: 'pdm.lock', extras: ['fancy']},
  pipenv: {project: 'Pipfile', lock: 'Pipfile.lock', extras: []},
};

const BASE = ['fastsum==0.1.0', 'linuxonly==1.0'];
const FANCY = ['extrapkg==1.0', 'leafpkg==1.0'];
const sorted = (...lists: string[][]) => lists.flat().sort();

/** The runtime set each selection must give (the target's own python3: no Python marker is decided on the host). */
export function expectedPins(tool: RealTool, select: {dev: boolean; extra: boolean}): string[] {
  const main = tool === 'pipenv' ? sorted(BASE, FANCY) : sorted(BASE, select.extra ? FANCY : []);
  return sorted(main, select.dev ? ['devtool==1.0'] : []);
}

/** Resolves a tool's lock with the dev group and/or the extra asked; returns the pins and the warnings. */
export async function selectFrom(tool: RealTool, read: SourceReader, select: {dev: boolean; extra: boolean}, strict = false) {
  const keys = lockKeys({compile_python: false, groups: select.dev ? ['dev'] : [], extras: select.extra ? TOOL_FILES[tool].extras : [], strict_lock: strict});
  const lock = (await resolveLock(keys, read))!;
  return {lock, pins: pins(lock.hashed), warnings: lock.warnings};
}

/** An edit of the project file that changes what the tool locks (fastsum's bound): the lock is stale after it. */
export function editProject(text: string): string {
  if (!text.includes('<0.2')) throw new Error('editProject: no fastsum bound "<0.2" to edit');
  return text.replace('<0.2', '<0.3');
}

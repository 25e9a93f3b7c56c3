import {BaseSequencer, type TestSpecification} from 'vitest/node';

/** Projects whose files wait for a run their globalSetup started (see background-run.ts). */
export const BACKGROUND_PROJECTS = new Set(['arm64']);

/**
 * vitest's own order, except that files of a background project run last:
 * by the time they wait for their run, the other files have used the time.
 */
export default class BackgroundLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (f: TestSpecification) => BACKGROUND_PROJECTS.has(f.project.name);
    return [...sorted.filter((f) => !waits(f)), ...sorted.filter(waits)];
  }
}

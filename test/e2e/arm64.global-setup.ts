import type {TestProject} from 'vitest/node';
import {emulationProblems} from '../../src/core/doctor/emulation.js';
import {startBackgroundRun, type BackgroundRunInfo} from '../helpers/background-run.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, unavailable} from '../helpers/engines.js';
import {exampleProject} from '../helpers/example-project.js';
import {startPyIndex} from '../helpers/pyindex.js';
import {ARM64_BOOTSTRAP_ARGS, ARM64_BUILD_ARGS, ARM64_IMAGE, arm64Toml} from './arm64-run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The background arm64 run, or why it was not started (the test file reports it: skip, or fail in CI). */
    arm64Run: {info: BackgroundRunInfo} | {notStarted: string};
  }
}

/**
 * Starts the arm64 e2e's build (issue 12) when the suite starts: it runs under
 * qemu on mostly one core for minutes (tens of minutes cold), while the
 * serial integration files leave that core idle. The test file runs last and
 * checks the result. Only runs when the arm64 file is part of the run.
 *
 * On a fresh machine the arm64 base image is made first, in the same
 * background run (`vdist image bootstrap --arch arm64`: debootstrap's second
 * stage under emulation, about 9 minutes), so neither the host set-up nor the
 * README's main job waits for an image only this test needs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = {CONTAINERS_CONF};
  const emulation = emulationProblems('arm64', {host: 'amd64'});
  const missing =
    (await unavailable(['podman', 'image', 'exists', BOOKWORM_IMAGE], env)) ??
    (emulation.length > 0 ? `qemu-user emulation: ${emulation[0]!.problem}` : undefined);
  const imageMissing = await unavailable(['podman', 'image', 'exists', ARM64_IMAGE], env);
  const cannotBootstrap =
    imageMissing === undefined
      ? undefined
      : process.getuid?.() !== 0
        ? `${imageMissing}, and making it needs root (sudo vdist image bootstrap debian-bookworm --arch arm64)`
        : await unavailable(['debootstrap', '--version']);
  if (missing !== undefined || cannotBootstrap !== undefined) {
    project.provide('arm64Run', {notStarted: (missing ?? cannotBootstrap)!});
    return async () => {};
  }
  const index = await startPyIndex();
  const example = await exampleProject(arm64Toml(index.indexUrl));
  const steps = imageMissing === undefined ? [ARM64_BUILD_ARGS] : [ARM64_BOOTSTRAP_ARGS, ARM64_BUILD_ARGS];
  const run = startBackgroundRun(steps, {dir: example.dir, env, timeoutMs: 75 * 60_000});
  project.provide('arm64Run', {info: {dir: run.dir, resultFile: run.resultFile}});
  return async () => {
    await run.stop();
    await index.stop();
    await example.dispose();
  };
}

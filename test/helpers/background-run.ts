import {existsSync} from 'node:fs';
import {readFile, rename, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {REPO_ROOT} from './pyindex.js';

/**
 * A `vdist` run that a vitest globalSetup starts when the suite starts, and
 * whose test file (run last) waits for it and checks what it did. The run is
 * the same real CLI build the test would make itself; it only starts earlier,
 * so an emulated build that is mostly one busy core overlaps the serial
 * integration files, which leave the other core idle much of the time.
 */
export interface BackgroundRunInfo {
  /** The project directory the run builds in (its vdist.toml, its dist/). */
  dir: string;
  /** Written once the run has ended: a BackgroundRunResult as JSON. */
  resultFile: string;
}

export interface BackgroundRunResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Wall time of the run itself, not of the wait. */
  wallMs: number;
}

export interface BackgroundRun extends BackgroundRunInfo {
  /** Ends the run if it is still going (SIGINT first, so vdist removes its containers), and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts `vdist STEP` for each step in turn in `dir`, stopping at the first
 * that fails; the result (the last step's stdout, every step's stderr) lands
 * in `dir/.background-result.json`. `timeoutMs` bounds the whole sequence.
 */
export function startBackgroundRun(steps: string[][], options: {dir: string; env: Record<string, string>; timeoutMs: number}): BackgroundRun {
  const resultFile = join(options.dir, '.background-result.json');
  const started = performance.now();
  const deadline = Date.now() + options.timeoutMs;
  let child: ResultPromise | undefined;
  let stopped = false;
  const runSteps = async (): Promise<BackgroundRunResult> => {
    let last: {exitCode: number | undefined; stdout: string} = {exitCode: 0, stdout: ''};
    const stderr: string[] = [];
    for (const args of steps) {
      if (stopped) break;
      child = execa(process.execPath, [join(REPO_ROOT, 'bin/run.js'), ...args], {
        cwd: options.dir,
        env: options.env,
        reject: false,
        timeout: Math.max(1, deadline - Date.now()),
        killSignal: 'SIGINT',
        forceKillAfterDelay: 60_000,
      });
      const r = await child;
      last = {exitCode: r.exitCode, stdout: String(r.stdout)};
      stderr.push(String(r.stderr));
      if (r.exitCode !== 0) break;
    }
    return {...last, stderr: stderr.join('\n'), wallMs: performance.now() - started};
  };
  const finished = runSteps().then(async (result) => {
    // Whole or absent: the waiting test polls for the final name.
    await writeFile(`${resultFile}.part`, JSON.stringify(result));
    await rename(`${resultFile}.part`, resultFile);
  });
  return {
    dir: options.dir,
    resultFile,
    async stop() {
      stopped = true;
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await finished.catch(() => undefined);
    },
  };
}

/** Waits (bounded) for the run's result file and reads it. */
export async function awaitBackgroundRun(info: BackgroundRunInfo, timeoutMs: number): Promise<BackgroundRunResult> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(info.resultFile)) {
    if (Date.now() > deadline) throw new Error(`the background vdist run in ${info.dir} did not end within ${timeoutMs / 60_000} min`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return JSON.parse(await readFile(info.resultFile, 'utf8')) as BackgroundRunResult;
}

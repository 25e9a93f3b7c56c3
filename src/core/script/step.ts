import {problemsInOutput} from '../doctor/known-problems.js';
import {InterruptedError, isVdistError} from '../errors.js';
import type {Logger} from '../log.js';
import {redact} from '../redact.js';

/** The steps of one build, in order; a failed build names the one that failed (`log`: its log file could not be written). */
export type BuildStep = 'backend' | 'script' | 'image' | 'source' | 'lock' | 'container' | 'provision' | 'cache' | 'build' | 'package' | 'smoke' | 'log';

/** A build failed at `step`. */
export class StepFailure extends Error {
  constructor(
    readonly step: BuildStep,
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
  }
}

/**
 * The message a user sees: a VdistError's own with its "try" hints, else the
 * error's first line, plus the fix for any engine problem `vdist doctor`
 * knows (crun on hybrid cgroups, setrlimit, /dev/net/tun). Always redacted.
 */
export function describeError(error: unknown): string {
  let text: string;
  if (isVdistError(error)) {
    const hints = error.suggestions?.length ? `\nTry: ${error.suggestions.join('; ')}` : '';
    text = `${error.message}${hints}`;
  } else if (error instanceof Error) {
    text = error.message.split('\n')[0] ?? 'unknown error';
  } else {
    text = String(error);
  }
  const known = problemsInOutput(text).map((p) => `\nKnown problem: ${p.problem}. Fix: ${p.fix}`);
  return redact(text + known.join(''));
}

/**
 * Runs one step of a build: logs its start and end with the elapsed time
 * (`{step, event, ms}` records, which the benchmark reads back), and turns a
 * failure into a StepFailure that names the step. An interruption stays an
 * InterruptedError.
 */
export async function runStep<T>(log: Logger, step: BuildStep, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log.debug({step, event: 'start'}, `step ${step}: start`);
  try {
    const result = await fn();
    log.debug({step, event: 'end', ms: Math.round(performance.now() - started)}, `step ${step}: done`);
    return result;
  } catch (error) {
    log.debug({step, event: 'failed', ms: Math.round(performance.now() - started)}, `step ${step}: failed`);
    if (error instanceof InterruptedError || error instanceof StepFailure) throw error;
    throw new StepFailure(step, error);
  }
}

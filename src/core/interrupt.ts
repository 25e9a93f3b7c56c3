import {ExitCode} from './errors.js';
import type {Logger} from './log.js';

/** A handle on the process-wide interrupt handling. */
export interface InterruptHandle {
  /** Aborted on the first SIGINT/SIGTERM: every exec and wait takes it, so cleanup runs. */
  readonly signal: AbortSignal;
  /** Remove the handlers (at the end of a command). */
  dispose(): void;
}

/**
 * SIGINT/SIGTERM abort a shared AbortController instead of killing vdist, so
 * `withContainer` still removes its containers; the command then fails with
 * InterruptedError (exit 130). A second signal exits 130 at once.
 */
export function installInterruptHandlers(log?: Logger, exit: (code: number) => void = (c) => process.exit(c)): InterruptHandle {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log?.warn(`${signal} again: exiting without cleanup`);
      exit(ExitCode.interrupted);
      return;
    }
    log?.warn(`${signal}: stopping builds and removing their containers (press Ctrl-C again to force)`);
    process.exitCode = ExitCode.interrupted;
    controller.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

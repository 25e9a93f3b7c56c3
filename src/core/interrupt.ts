import {ExitCode} from './errors.js';
import {noteHangup} from './last-resort.js';
import type {Logger} from './log.js';

/** A handle on the process-wide interrupt handling. */
export interface InterruptHandle {
  /** Aborted on the first SIGINT/SIGTERM/SIGHUP: every exec and wait takes it, so cleanup runs. */
  readonly signal: AbortSignal;
  /** Remove the handlers (at the end of a command). */
  dispose(): void;
}

/** The signals that stop a run: Ctrl-C, `kill`, and a closed terminal (or SSH session). */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * SIGINT/SIGTERM/SIGHUP abort a shared AbortController instead of killing
 * vdist, so `withContainer` still removes its containers; the command then
 * fails with InterruptedError (exit 130). A second signal exits 130 at once.
 * After SIGHUP the terminal is gone: writes to it that fail are ignored (see
 * last-resort.ts).
 */
export function installInterruptHandlers(log?: Logger, exit: (code: number) => void = (c) => process.exit(c)): InterruptHandle {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGHUP') noteHangup();
    if (controller.signal.aborted) {
      log?.warn(`${signal} again: exiting without cleanup`);
      exit(ExitCode.interrupted);
      return;
    }
    log?.warn(`${signal}: stopping builds and removing their containers (press Ctrl-C again to force)`);
    process.exitCode = ExitCode.interrupted;
    controller.abort(new Error(signal));
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose() {
      for (const s of INTERRUPT_SIGNALS) process.off(s, onSignal);
    },
  };
}

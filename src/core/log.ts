import {createWriteStream, mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import {pino, type Logger, type DestinationStream, type LevelWithSilent} from 'pino';
import pretty from 'pino-pretty';
import {isLostTerminalError} from './last-resort.js';
import {redact} from './redact.js';

export type {Logger} from 'pino';

export interface LogOptions {
  level?: LevelWithSilent;
  /** JSON lines instead of pretty output. Default: JSON when stderr is not a TTY. */
  json?: boolean;
  /** Where records go. Default: stderr, so stdout stays free for command output. */
  destination?: DestinationStream;
  /** Colours in pretty output. Default: stderr is a TTY and NO_COLOR is not set. */
  color?: boolean;
}

const baseOptions = (level: LevelWithSilent) => ({
  level,
  base: undefined, // no pid/hostname: logs are read by people, and compared in tests
  hooks: {
    // Every message passes through redact(): secrets never reach a log line.
    logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
      method.apply(
        this,
        args.map((a) => (typeof a === 'string' ? redact(a) : a)),
      );
    },
  },
});

// Build loggers fan out to the root logger's destination and to their own file.
const destinations = new WeakMap<Logger, DestinationStream>();

/** The root logger. Commands create it once; builds take children bound to `{build}`. */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? 'info';
  const json = options.json ?? !process.stderr.isTTY;
  const destination =
    options.destination ??
    (json
      ? pino.destination({fd: 2, sync: true})
      : pretty({
          destination: 2,
          sync: true,
          colorize: options.color ?? (Boolean(process.stderr.isTTY) && !process.env.NO_COLOR),
          ignore: 'build,stream,backend,step',
          // Fields (durations, argv) stay in the JSON log file; a terminal shows the message.
          hideObject: true,
          messageFormat: '{if build}[{build}] {end}{msg}',
          translateTime: 'HH:MM:ss',
        }));
  const guarded = options.destination ? destination : guardTerminal(destination);
  const logger = pino(baseOptions(level), guarded);
  destinations.set(logger, guarded);
  return logger;
}

/**
 * A child logger for one build, bound to `{build}`, that also writes every
 * record at debug level as JSON lines to `logFile` (the per-build log under
 * `{output}/logs/`). A write to the file that fails (a full disk) stops
 * the file, never the process: `onFileError` hears of it once.
 */
export function createBuildLogger(root: Logger, build: string, logFile?: string, onFileError?: (error: Error) => void): {log: Logger; close: () => Promise<void>} {
  const rootDestination = destinations.get(root);
  if (!logFile || !rootDestination) return {log: root.child({build}), close: async () => {}};
  mkdirSync(dirname(logFile), {recursive: true});
  const file = createWriteStream(logFile, {flags: 'a'});
  let failed = false;
  file.on('error', (error) => {
    if (failed) return;
    failed = true;
    onFileError?.(error);
  });
  const streams = pino.multistream([
    {level: root.level as pino.Level, stream: rootDestination},
    {level: 'debug', stream: {write: (line: string) => void (failed || file.write(line))}},
  ]);
  const log = pino(baseOptions('debug'), streams).child({build});
  // Idempotent: a failed build closes early to read its own tail, then again on the way out.
  let closed: Promise<void> | undefined;
  return {log, close: () => (closed ??= new Promise<void>((resolve) => (failed || file.destroyed ? (file.destroy(), resolve()) : file.end(() => resolve()))))};
}

/**
 * The terminal destination, made safe for a terminal that is gone: after a
 * hangup its writes fail with EIO/EPIPE, which are dropped instead of
 * raised into whatever code was logging (cleanup included).
 */
function guardTerminal(destination: DestinationStream): DestinationStream {
  let gone = false;
  const lost = (error: unknown) => {
    if (!isLostTerminalError(error)) throw error;
    gone = true;
  };
  (destination as Partial<NodeJS.EventEmitter>).on?.('error', lost);
  return {
    write(chunk: string) {
      if (gone) return;
      try {
        destination.write(chunk);
      } catch (error) {
        lost(error);
      }
    },
  };
}

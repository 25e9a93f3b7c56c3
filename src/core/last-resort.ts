import {appendFileSync, mkdirSync, readlinkSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {vdistCacheDir} from './cache/dirs.js';
import {ExitCode} from './errors.js';
import {diskFullError} from './output-file.js';
import {redact} from './redact.js';

let hungUp = false;

/** Called on SIGHUP: the terminal is gone, so writing to it may fail from now on. */
export function noteHangup(): void {
  hungUp = true;
}

/** Whether a hangup was seen (for tests and the interrupt handlers). */
export function hangupSeen(): boolean {
  return hungUp;
}

/** EIO/EPIPE after a hangup: a write to the terminal that is gone. Ignored, never raised again. */
export function isLostTerminalError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return hungUp && (code === 'EIO' || code === 'EPIPE');
}

const cleanups = new Set<() => Promise<unknown>>();

/**
 * Registers work the last-resort handler runs before it exits (removing a
 * live build container). Call the returned function once the work is done
 * the ordinary way.
 */
export function cleanupOnCrash(fn: () => Promise<unknown>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup, each at most once, bounded by `timeoutMs` in all. */
export async function runCrashCleanups(timeoutMs: number): Promise<void> {
  const pending = [...cleanups].map((fn) => {
    cleanups.delete(fn);
    return Promise.resolve().then(fn).catch(() => undefined);
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(pending), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

/** Where the last-resort handler writes an unexpected error's stack: `{cache}/logs/internal-error-<pid>.log`. */
export function internalErrorLog(env: Record<string, string | undefined> = process.env): string {
  return join(vdistCacheDir(env), 'logs', `internal-error-${process.pid}.log`);
}

export interface LastResortOptions {
  env?: Record<string, string | undefined>;
  /** Writes to the terminal (stderr). */
  write?: (text: string) => void;
  exit?: (code: number) => void;
  /** The longest the cleanup may take before vdist exits anyway. */
  cleanupTimeoutMs?: number;
}

/**
 * The last resort: an error nothing else caught (an uncaught exception, an
 * unhandled rejection) is a vdist bug. It prints one clear line naming the
 * log that holds the stack (never a stack trace on the terminal), runs the
 * registered cleanups (container removal; temporaries go at `exit`) and
 * exits 1. Write errors on stdout/stderr are handled too: ignored once the
 * terminal is gone, and a full disk under a redirected stdout (the JSON
 * summary) is the disk-full error. Returns a function that removes the handlers.
 */
export function installLastResort(options: LastResortOptions = {}): () => void {
  const {onError, onStdoutError, onStderrError} = lastResortHandlers(options);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.stdout.on('error', onStdoutError);
  process.stderr.on('error', onStderrError);
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    process.stdout.off('error', onStdoutError);
    process.stderr.off('error', onStderrError);
  };
}

/** The handlers installLastResort installs (apart, so tests call them without a real crash). */
export function lastResortHandlers(options: LastResortOptions = {}): {onError: (error: unknown) => void; onStdoutError: (error: unknown) => void; onStderrError: (error: unknown) => void} {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => writeStderr(text));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let handling = false;
  const record = (error: unknown): string | undefined => {
    const file = internalErrorLog(env);
    try {
      mkdirSync(dirname(file), {recursive: true});
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      appendFileSync(file, `${new Date().toISOString()} vdist ${process.argv.slice(2).join(' ')}\n${redact(detail)}\n\n`);
      return file;
    } catch {
      return undefined;
    }
  };
  const onError = (error: unknown): void => {
    if (isLostTerminalError(error)) return;
    const file = record(error);
    // A second error while cleaning up after the first: recorded, nothing more.
    if (handling) return;
    handling = true;
    // A write that found the disk full (stdout redirected to a file, through a path that let it escape) is no bug.
    const full = stdoutDiskFull(error);
    const message = redact(error instanceof Error ? error.message : String(error)).split('\n')[0];
    if (full) write(`Error: ${full.message}\n`);
    else write(`Error: vdist hit an internal error: ${message}\n${file ? `The details are in ${file}.` : 'The details could not be written to a log.'} Please report it.\n`);
    void runCrashCleanups(options.cleanupTimeoutMs ?? 60_000).finally(() => exit(ExitCode.buildFailed));
  };
  const onStdoutError = (error: unknown): void => {
    if (isLostTerminalError(error)) return;
    const full = stdoutDiskFull(error);
    if (!full) return onError(error);
    write(`Error: ${full.message}\n`);
    if (!process.exitCode) process.exitCode = ExitCode.buildFailed;
  };
  // stderr failing for another reason cannot be told on stderr: recorded, and the exit code says it.
  const onStderrError = (error: unknown): void => {
    if (isLostTerminalError(error)) return;
    record(error);
    if (!process.exitCode) process.exitCode = ExitCode.buildFailed;
  };
  return {onError, onStdoutError, onStderrError};
}

/** A failed write with no file named: the disk-full error for the file stdout goes to; else undefined. */
function stdoutDiskFull(error: unknown): ReturnType<typeof diskFullError> {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.syscall !== 'write' || e.path !== undefined) return undefined;
  return diskFullError(error, outputPlace(1), 'the output written there is cut short');
}

/** The directory of the file behind a file descriptor (stdout redirected to a file), else its name. */
function outputPlace(fd: number): string {
  try {
    const target = readlinkSync(`/proc/self/fd/${fd}`);
    if (target.startsWith('/')) return dirname(target);
  } catch {
    // Not Linux, or no /proc: say which stream.
  }
  return fd === 1 ? 'the directory stdout is redirected to' : 'stderr';
}

/** A write to stderr that never raises: once the terminal is gone there is nobody to tell. */
export function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch (error) {
    if (!isLostTerminalError(error)) throw error;
  }
}

let installed: (() => void) | undefined;

/** installLastResort once per process (bin/run.js and every command's init call it). */
export function ensureLastResort(): void {
  installed ??= installLastResort();
}

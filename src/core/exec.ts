import type {Readable, Writable} from 'node:stream';
import {execa, type ResultPromise} from 'execa';
import type {Logger} from './log.js';
import {ExecError, InterruptedError} from './errors.js';
import {redact, redactArgv} from './redact.js';

/**
 * The one place vdist runs a subprocess. Verbs elsewhere only build argv
 * arrays; nothing is ever passed through a shell.
 */
export interface ExecOptions {
  /** Output lines become records `{stream: 'stdout'|'stderr'}` on this logger. */
  log?: Logger;
  /** Level for streamed output lines. Default 'info' for builds; probes use 'debug'. */
  outputLevel?: 'info' | 'debug' | 'trace';
  /** Keep stdout and return it (default true unless streaming stdout elsewhere). */
  capture?: boolean;
  signal?: AbortSignal;
  input?: string | Uint8Array;
  /** A stream piped into the child's stdin (e.g. a tar of the source). */
  stdin?: Readable;
  /** Where the child's stdout goes instead of being captured (e.g. a tar extractor). */
  stdout?: Writable;
  /** A file the child writes its stdout to itself (created or truncated): the bytes never pass through node. */
  stdoutFile?: string;
  /**
   * Where the child's file descriptor 3 (a pipe) goes: an engine can hand it
   * to the process in the container, whose output then skips the engine's
   * own relay (see PodmanBackend.run).
   */
  fd3?: Writable;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  /** How many stderr/output lines to keep for error messages. */
  tailLines?: number;
  /** Return a result with a non-zero exitCode instead of throwing. */
  allowFailure?: boolean;
  /** Called with the child's pid once it runs (e.g. to watch what it waits on). */
  onSpawn?: (pid: number) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  /** The last lines of combined output, for "what went wrong" messages. */
  tail: string[];
}

const DEFAULT_TAIL = 40;

/** A short, redacted, human-readable form of a command line. */
export function describeCommand(file: string, args: readonly string[]): string {
  const words = [file, ...redactArgv(args)].map((w) => (/^[\w@%+=:,./*-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`));
  const line = words.join(' ');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

export async function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const tailMax = options.tailLines ?? DEFAULT_TAIL;
  const tail: string[] = [];
  const level = options.outputLevel ?? 'info';
  const keep = (stream: 'stdout' | 'stderr') =>
    function* (line: unknown) {
      const text = redact(String(line));
      tail.push(text);
      if (tail.length > tailMax) tail.shift();
      options.log?.[level]({stream}, text);
      if (stream === 'stdout' && options.capture !== false) yield line;
    };

  const command = describeCommand(file, args);
  options.log?.debug({argv: redactArgv([file, ...args])}, `run ${command}`);

  let child: ResultPromise;
  try {
    child = execa(file, [...args], {
      env: options.env,
      extendEnv: true,
      cwd: options.cwd,
      cancelSignal: options.signal,
      timeout: options.timeoutMs,
      forceKillAfterDelay: 5000,
      reject: false,
      stripFinalNewline: true,
      input: options.input,
      stdio: [
        options.stdin ? 'pipe' : options.input === undefined ? 'ignore' : 'pipe',
        options.stdoutFile ? {file: options.stdoutFile} : options.stdout ? 'pipe' : [keep('stdout')],
        [keep('stderr')],
        ...(options.fd3 ? (['pipe'] as const) : []),
      ],
      buffer: {stdout: !options.stdout && !options.stdoutFile && options.capture !== false, stderr: false, fd3: false},
    });
  } catch (error) {
    throw new ExecError(command, undefined, [], `could not start: ${(error as Error).message}`);
  }
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  if (options.stdin) options.stdin.pipe(child.stdin!);
  // pipe() re-raises a destination's error when nobody listens (an uncaught exception): it is heard here and fails the exec.
  let relayError: Error | undefined;
  const relays: Array<[Readable, Writable]> = [];
  if (options.stdout) relays.push([child.stdout!, options.stdout]);
  if (options.fd3) relays.push([child.stdio[3] as Readable, options.fd3]);
  const onRelayError = (error: Error) => {
    relayError ??= error;
    for (const [from] of relays) from.destroy();
  };
  for (const [from, to] of relays) {
    to.on('error', onRelayError);
    from.pipe(to);
  }

  const result = await child.finally(() => {
    for (const [, to] of relays) to.off('error', onRelayError);
  });
  if (result.isCanceled || options.signal?.aborted) throw new InterruptedError(`Interrupted: ${command}`);
  if (relayError) throw new ExecError(command, undefined, tail.slice(-10), `failed: its output could not be written: ${redact(relayError.message)}`, relayError);
  if (result.failed && result.exitCode === undefined) {
    const reason = result.timedOut
      ? `timed out after ${options.timeoutMs} ms`
      : (result as {code?: string}).code === 'ENOENT'
        ? 'not found (is it installed and on PATH?)'
        : `failed: ${redact(result.shortMessage ?? 'unknown error')}`;
    if (options.allowFailure) return {exitCode: -1, stdout: '', tail: [reason]};
    throw new ExecError(command, undefined, tail.slice(-10), reason, result);
  }
  const exitCode = result.exitCode ?? -1;
  const stdout = typeof result.stdout === 'string' ? result.stdout : Array.isArray(result.stdout) ? result.stdout.join('\n') : '';
  // A failed write of its output (a full disk under stdoutFile) can end the child too: the cause keeps it.
  if (exitCode !== 0 && !options.allowFailure) throw new ExecError(command, exitCode, tail.slice(-10), undefined, result.failed ? result : undefined);
  return {exitCode, stdout, tail};
}

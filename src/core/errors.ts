import {Errors} from '@oclif/core';

/**
 * Exit codes, documented in the README:
 * 0 ok, 1 a build failed, 2 usage or config error, 130 interrupted.
 */
export const ExitCode = {
  ok: 0,
  buildFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface VdistErrorOptions {
  /** Stable machine-readable code, shown as "Code:" and in --json output. */
  code?: string;
  /** Short "Try this" hints. */
  suggestions?: string[];
  exit?: ExitCode;
  cause?: unknown;
}

/**
 * The one error type vdist shows to users. oclif prints it as
 * `Error / Code / Try this` with no stack trace.
 */
export class VdistError extends Errors.CLIError {
  constructor(message: string, options: VdistErrorOptions = {}) {
    super(message, {
      exit: options.exit ?? ExitCode.buildFailed,
      code: options.code,
      suggestions: options.suggestions,
    });
    if (options.cause !== undefined) this.cause = options.cause;
  }

  get exitCode(): number {
    return this.oclif.exit ?? ExitCode.buildFailed;
  }
}

/** Where a config problem sits: the file, the line (1-based, when known) and the dotted key. */
export interface ConfigProblem {
  file: string;
  line?: number;
  key?: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.key ? `${where}: ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}

/** Bad vdist.toml, profiles or flags. Carries every problem found, not just the first. Exit 2. */
export class ConfigError extends VdistError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options: Omit<VdistErrorOptions, 'exit'> = {}) {
    const head = problems.length === 1 ? 'Invalid configuration:' : `Invalid configuration (${problems.length} problems):`;
    super([head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'), {
      code: 'CONFIG',
      ...options,
      exit: ExitCode.usage,
    });
    this.problems = problems;
  }
}

/** Bad command-line usage that oclif's own parser cannot catch. Exit 2. */
export class UsageError extends VdistError {
  constructor(message: string, options: Omit<VdistErrorOptions, 'exit'> = {}) {
    super(message, {code: 'USAGE', ...options, exit: ExitCode.usage});
  }
}

/** A subprocess failed. The message is short: the command, the exit code and the tail of stderr. */
export class ExecError extends VdistError {
  readonly command: string;
  readonly exitCodeOfChild: number | undefined;
  readonly stderrTail: string[];

  /** `cause`: what made it fail when it did not exit (execa's error: its `code` says ENOSPC, EPIPE...). */
  constructor(command: string, exitCode: number | undefined, stderrTail: string[], reason?: string, cause?: unknown) {
    const why = reason ?? (exitCode === undefined ? 'failed' : `exited with code ${exitCode}`);
    const tail = stderrTail.length > 0 ? `\n${stderrTail.map((l) => `  ${l}`).join('\n')}` : '';
    super(`${command} ${why}${tail}`, {code: 'EXEC', cause});
    this.command = command;
    this.exitCodeOfChild = exitCode;
    this.stderrTail = stderrTail;
  }
}

/** The user pressed Ctrl-C or the process got SIGTERM. Exit 130. */
export class InterruptedError extends VdistError {
  constructor(message = 'Interrupted') {
    super(message, {code: 'INTERRUPTED', exit: ExitCode.interrupted});
  }
}

export function isVdistError(error: unknown): error is VdistError {
  return error instanceof VdistError;
}

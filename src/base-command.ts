import {Command, Flags, Interfaces} from '@oclif/core';
import type {LevelWithSilent} from 'pino';
import {createLogger, type Logger} from './core/log.js';
import {ConfigError, ExitCode, VdistError} from './core/errors.js';
import {ensureLastResort} from './core/last-resort.js';
import {detectCi, githubError} from './core/progress/index.js';
import {redact} from './core/redact.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;

/**
 * Flags every command shares (`--json`, `--log-level`, `--config`), the root
 * logger, and the one way errors are shown.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({
      char: 'c',
      summary: 'Path to vdist.toml.',
      default: './vdist.toml',
      helpGroup: 'GLOBAL',
    }),
    'log-level': Flags.option({
      summary: 'How much to log.',
      options: ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const,
      default: 'info' as const,
      helpGroup: 'GLOBAL',
    })(),
  };

  protected flags!: BaseFlags<T>;
  protected args!: Interfaces.InferredArgs<T['args']>;
  private rootLogger?: Logger;

  public override async init(): Promise<void> {
    // bin/run.js installs it first; a command run another way (tests, oclif's runner) gets it here.
    ensureLastResort();
    await super.init();
    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as Interfaces.InferredArgs<T['args']>;
  }

  /** The root pino logger: pretty on a terminal, JSON lines with --json or when not a TTY. */
  protected get log_(): Logger {
    this.rootLogger ??= createLogger({
      level: this.flags['log-level'] as LevelWithSilent,
      json: this.jsonEnabled() || !process.stderr.isTTY,
    });
    return this.rootLogger;
  }

  /** A command that made its own root logger (`vdist build`'s progress views) hands it over here. */
  protected useLogger(logger: Logger): void {
    this.rootLogger = logger;
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    // In GitHub Actions each config problem is also an annotation on its file and line.
    if (err instanceof ConfigError && detectCi(process.env) === 'github') {
      for (const p of err.problems) process.stderr.write(`${githubError({file: p.file, line: p.line, title: 'vdist: invalid configuration', message: p.key ? `${p.key}: ${p.message}` : p.message})}\n`);
    }
    // oclif's own parse errors are usage errors: exit 2.
    if (!(err instanceof VdistError) && (err as {oclif?: {exit?: number}}).oclif?.exit === undefined) {
      // An unexpected error is a vdist bug; show it plainly, without a stack.
      const wrapped = new VdistError(redact(err.message), {code: 'INTERNAL', cause: err});
      return super.catch(wrapped);
    }
    if ((err as {oclif?: {exit?: number}}).oclif?.exit === undefined) (err as {oclif?: {exit?: number}}).oclif = {exit: ExitCode.usage};
    return super.catch(err);
  }
}

import {setTimeout as sleep} from 'node:timers/promises';
import {describeCommand, exec, type ExecOptions, type ExecResult} from '../core/exec.js';
import {ExecError} from '../core/errors.js';
import type {Logger} from '../core/log.js';
import type {EngineOptions} from './engine-options.js';

const RETRIES = 3;
const GONE = /no such container|container not known|no container with name or id/i;

/**
 * A listing that failed because something it was listing went away under it
 * (another process removed a container or an image meanwhile): worth
 * another try, the next listing will not include it.
 */
export function vanishedWhileListing(output: string): boolean {
  return /container not known|no such container|image not known|no such image|is dangling|reading image/i.test(output);
}

/**
 * Runs one engine CLI (`podman`, `docker`, `buildah`) with the site's argv
 * prefix and environment. Verbs in the backends only build argv.
 */
export class EngineCommand {
  readonly file: string;
  readonly prefix: string[];
  readonly env: Record<string, string | undefined> | undefined;

  constructor(binary: string, options: EngineOptions, globalArgs: string[] = []) {
    const [file, ...rest] = options.command && options.command.length > 0 ? options.command : [binary];
    this.file = file!;
    this.prefix = [...rest, ...globalArgs];
    this.env = options.env;
  }

  /** Run `<engine> ...args`. */
  run(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return exec(this.file, [...this.prefix, ...args], {...options, env: {...this.env, ...options.env}});
  }

  /**
   * Run, and run again (3 tries, a second or two apart) while it fails with
   * output that `transient` accepts. Another process busy on the same store
   * makes an engine fail now and then: a listing says "container not known"
   * when one it was listing went away, a removal meets a lock or a busy mount.
   */
  async runRetrying(args: string[], options: ExecOptions, transient: (output: string) => boolean): Promise<ExecResult> {
    for (let attempt = 1; ; attempt++) {
      const r = await this.run(args, {...options, allowFailure: true});
      if (r.exitCode === 0 || attempt === RETRIES || !transient(r.tail.join('\n'))) {
        if (r.exitCode === 0 || options.allowFailure) return r;
        throw new ExecError(describeCommand(this.file, [...this.prefix, ...args]), r.exitCode, r.tail.slice(-10));
      }
      await sleep(attempt * 1000);
    }
  }

  /**
   * Removes a container; never throws, since it runs in `finally` blocks and
   * after Ctrl-C. Any failure but "already gone" is tried again; what still
   * fails is logged as a warning, never dropped silently.
   */
  async removeContainer(args: string[], name: string, log: Logger | undefined): Promise<void> {
    const gone = (output: string) => GONE.test(output);
    const r = await this.runRetrying(args, {log, outputLevel: 'debug', allowFailure: true, timeoutMs: 120_000}, (output) => !gone(output));
    if (r.exitCode !== 0 && !gone(r.tail.join('\n'))) log?.warn(`could not remove container ${name}: ${r.tail.slice(-3).join(' ')}`);
  }
}

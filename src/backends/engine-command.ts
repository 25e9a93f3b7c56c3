import {setTimeout as sleep} from 'node:timers/promises';
import {describeCommand, exec, type ExecOptions, type ExecResult} from '../core/exec.js';
import {ExecError, VdistError} from '../core/errors.js';
import type {Logger} from '../core/log.js';
import type {EngineOptions} from './engine-options.js';
import {LOCK_GRACE_MS, watchForStuckLock, type StuckLock} from './lock-watch.js';
import {HeldOutput, ReplayableInput} from './restartable-io.js';

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
 * A container start that failed before the command ran, for a reason that
 * passes: buildah's chroot runner copies itself into a sealed memfd, and the
 * kernel now and then refuses the seal (EBUSY) on a busy host.
 */
function startHiccup(output: string): boolean {
  return /sealing memfd copy: device or resource busy/i.test(output);
}

/**
 * Runs one engine CLI (`podman`, `docker`, `buildah`) with the site's argv
 * prefix and environment. Verbs in the backends only build argv.
 */
export class EngineCommand {
  /** The engine's name (`podman`, `docker`, `buildah`), for messages. */
  readonly engine: string;
  readonly file: string;
  readonly prefix: string[];
  readonly env: Record<string, string | undefined> | undefined;

  constructor(binary: string, options: EngineOptions, globalArgs: string[] = []) {
    this.engine = binary;
    const [file, ...rest] = options.command && options.command.length > 0 ? options.command : [binary];
    this.file = file!;
    this.prefix = [...rest, ...globalArgs];
    this.env = options.env;
  }

  /**
   * Run `<engine> ...args`. A call blocked on a storage lock whose holder
   * does nothing (see lock-watch.ts) is stopped and fails with ENGINE_LOCKED,
   * even with allowFailure: the engine is not usable, whatever the call.
   */
  async run(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const stuck = new AbortController();
    let lock: StuckLock | undefined;
    let stop = () => {};
    const onSpawn = (pid: number) => {
      options.onSpawn?.(pid);
      stop = watchForStuckLock(pid, (l) => {
        lock = l;
        stuck.abort();
      });
    };
    const signal = options.signal ? AbortSignal.any([options.signal, stuck.signal]) : stuck.signal;
    try {
      return await exec(this.file, [...this.prefix, ...args], {...options, env: {...this.env, ...options.env}, signal, onSpawn});
    } catch (error) {
      if (lock && !options.signal?.aborted) throw storageLockedError(this.engine, describeCommand(this.file, [...this.prefix, ...args]), lock);
      throw error;
    } finally {
      stop();
    }
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
   * Run a command in a container, and start it again (3 tries, a second or
   * two apart) when the engine failed before the command ran (`startHiccup`):
   * whatever the command does, it did nothing yet. Its stdin and stdout
   * streams stay whole across the tries (restartable-io.ts); a try that wrote
   * output, or took more input than can be held, is not started again.
   */
  async runRestarting(args: string[], options: ExecOptions): Promise<ExecResult> {
    const input = options.stdin ? new ReplayableInput(options.stdin) : undefined;
    const output = options.stdout ? new HeldOutput(options.stdout) : undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        const r = await this.run(args, {...options, stdin: input?.next(), stdout: output?.next(), allowFailure: true});
        if (input?.error) throw input.error;
        const again = r.exitCode !== 0 && attempt < RETRIES && startHiccup(r.tail.join('\n')) && (input?.replayable ?? true) && !output?.written;
        if (!again) {
          if (r.exitCode === 0 || options.allowFailure) return r;
          throw new ExecError(describeCommand(this.file, [...this.prefix, ...args]), r.exitCode, r.tail.slice(-10));
        }
        options.log?.warn(`${this.engine} could not start the command (${r.tail.find(startHiccup)?.trim()}); trying again`);
        await sleep(attempt * 1000);
      }
    } finally {
      input?.close();
      await output?.finish();
    }
  }

  /**
   * Removes a container; never throws, since it runs in `finally` blocks and
   * after Ctrl-C. Any failure but "already gone" is tried again; what still
   * fails is logged as a warning, never dropped silently.
   */
  async removeContainer(args: string[], name: string, log: Logger | undefined): Promise<void> {
    const gone = (output: string) => GONE.test(output);
    const r = await this.runRetrying(args, {log, outputLevel: 'debug', allowFailure: true, timeoutMs: 120_000}, (output) => !gone(output)).catch(
      (error: Error) => ({exitCode: -1, stdout: '', tail: [error.message]}),
    );
    if (r.exitCode !== 0 && !gone(r.tail.join('\n'))) log?.warn(`could not remove container ${name}: ${r.tail.slice(-3).join(' ')}`);
  }
}

/** An engine call stuck behind a lock that its holder never releases. */
export function storageLockedError(engine: string, command: string, lock: StuckLock): VdistError {
  return new VdistError(
    `the ${engine} storage is locked: \`${command}\` waited ${LOCK_GRACE_MS / 1000} s for a lock on ${lock.file} held by process ${lock.holder} (${lock.command}), which did nothing meanwhile`,
    {code: 'ENGINE_LOCKED', suggestions: [`If process ${lock.holder} hangs, stop it; then build again`, 'Run `vdist doctor` to check the engine']},
  );
}

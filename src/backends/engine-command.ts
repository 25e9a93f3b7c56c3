import {exec, type ExecOptions, type ExecResult} from '../core/exec.js';
import type {EngineOptions} from './engine-options.js';

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
}

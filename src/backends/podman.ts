import type {Arch} from '../core/arch.js';
import type {Container, ProbeResult, RunContext, RunOptions} from './backend.js';
import {CliEngineBackend} from './cli-engine.js';
import {EngineCommand} from './engine-command.js';
import {platformArgs} from './engine-errors.js';
import type {EngineOptions} from './engine-options.js';

/**
 * Podman, rootful or rootless, local or remote (`--url`, `--connection`,
 * or CONTAINER_HOST in the environment).
 */
export class PodmanBackend extends CliEngineBackend {
  readonly name = 'podman' as const;
  /** Whether podman runs the container on this host, under its own argv (no wrapper that closes fds): set by the probe. */
  private local = false;
  private readonly wrapped: boolean;

  constructor(options: EngineOptions = {}) {
    const global: string[] = [];
    if (options.url) global.push('--url', options.url);
    if (options.connection) global.push('--connection', options.connection);
    super(new EngineCommand('podman', options, global));
    this.wrapped = options.command !== undefined;
  }

  /**
   * Raw output (a tar of the tree, of pip's cache) comes through a pipe that a
   * local podman passes into the container process as its fd 3
   * (`--preserve-fds`), so podman does not relay every byte: about 0.1 s of a
   * 50 MB tree's packaging (bench/RESULTS.md, row "container stream, fd 3":
   * `node bench/container-stream.bench.mjs`). A remote or wrapped podman relays stdout as usual.
   */
  override async run(container: Container, argv: string[], ctx: RunContext & RunOptions): Promise<{exitCode: number; stdout: string; tail: string[]}> {
    if (!ctx.stdout || !this.local || this.wrapped) return super.run(container, argv, ctx);
    return this.exec(container, ['sh', '-c', 'exec "$@" >&3 3>&-', 'vdist-fd3', ...argv], ctx, ['--preserve-fds=1'], {fd3: ctx.stdout});
  }

  protected importArchArgs(arch: Arch | undefined): string[] {
    return platformArgs(arch, '--arch');
  }

  protected infoArgs(): string[] {
    return ['info', '--format', 'json'];
  }

  protected parseInfo(stdout: string): ProbeResult {
    const info = JSON.parse(stdout) as {
      host?: {security?: {rootless?: boolean}; ociRuntime?: {name?: string}; serviceIsRemote?: boolean};
      store?: {graphDriverName?: string};
      version?: {Version?: string};
    };
    this.local = info.host?.serviceIsRemote === false;
    return {
      ok: true,
      version: info.version?.Version,
      rootless: info.host?.security?.rootless,
      storageDriver: info.store?.graphDriverName,
    };
  }

  protected unusableHint(): string {
    return 'install podman (apt-get install podman uidmap), or set CONTAINER_HOST for a remote one; run `vdist doctor`';
  }

  // `--time 0`: the container's PID 1 is `sleep`, which ignores SIGTERM; don't wait 10 s for it.
  protected removeArgs(id: string): string[] {
    return ['rm', '--force', '--time', '0', id];
  }

  protected labelTemplate(key: string): string {
    return `{{index .Labels "${key}"}}`;
  }
}

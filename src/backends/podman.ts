import type {Arch} from '../core/arch.js';
import type {ProbeResult} from './backend.js';
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

  constructor(options: EngineOptions = {}) {
    const global: string[] = [];
    if (options.url) global.push('--url', options.url);
    if (options.connection) global.push('--connection', options.connection);
    super(new EngineCommand('podman', options, global));
  }

  protected importArchArgs(arch: Arch | undefined): string[] {
    return platformArgs(arch, '--arch');
  }

  protected infoArgs(): string[] {
    return ['info', '--format', 'json'];
  }

  protected parseInfo(stdout: string): ProbeResult {
    const info = JSON.parse(stdout) as {
      host?: {security?: {rootless?: boolean}; ociRuntime?: {name?: string}};
      store?: {graphDriverName?: string};
      version?: {Version?: string};
    };
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

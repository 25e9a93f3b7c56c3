import type {Arch} from '../core/arch.js';
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import type {ProbeResult, RunContext} from './backend.js';
import {CliEngineBackend} from './cli-engine.js';
import {EngineCommand} from './engine-command.js';
import {platformArgs} from './engine-errors.js';
import type {EngineOptions} from './engine-options.js';
import type {TransferOptions, TransferResult} from './image-transfer.js';

/**
 * Docker, or anything that speaks the Docker API (e.g. `podman system
 * service`), reached through DOCKER_HOST / DOCKER_CONTEXT in the environment.
 */
export class DockerBackend extends CliEngineBackend {
  readonly name = 'docker' as const;

  constructor(options: EngineOptions = {}) {
    super(new EngineCommand('docker', options));
  }

  // docker pull has no TLS flag: the daemon's insecure-registries decides.
  protected insecurePullArgs(): undefined {
    return undefined;
  }

  protected importArchArgs(arch: Arch | undefined): string[] {
    return platformArgs(arch);
  }

  protected infoArgs(): string[] {
    return ['info', '--format', '{{json .}}'];
  }

  protected parseInfo(stdout: string): ProbeResult {
    const info = JSON.parse(stdout) as {ServerVersion?: string; Driver?: string; SecurityOptions?: string[]; ServerErrors?: string[]};
    if (info.ServerErrors?.length || !info.ServerVersion) {
      return {ok: false, reason: info.ServerErrors?.join(' ') || 'no Docker daemon answered', hint: this.unusableHint()};
    }
    return {
      ok: true,
      version: info.ServerVersion,
      rootless: (info.SecurityOptions ?? []).some((o) => o.includes('rootless')),
      storageDriver: info.Driver,
    };
  }

  /** docker pushes a name, not an image: the local image gets the remote name for the push, and loses it after. */
  override async pushImage(local: string, remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    await this.tagImage(local, remote, ctx);
    try {
      return await this.transfer(['push', '--quiet', remote], ctx, options);
    } finally {
      await this.removeImage(remote, {log: ctx.log});
    }
  }

  protected override saveFormatArgs(): string[] {
    return [];
  }

  // The daemon decides: an insecure registry is listed in its daemon.json (insecure-registries).
  protected override tlsArgs(): string[] {
    return [];
  }

  protected override authFile(): string | undefined {
    const dir = this.cli.env?.DOCKER_CONFIG ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
    const file = join(dir, 'config.json');
    return existsSync(file) ? file : undefined;
  }

  protected unusableHint(): string {
    return 'start dockerd, or point DOCKER_HOST at a Docker API socket (e.g. podman system service)';
  }

  // docker's `rm --force` kills at once.
  protected removeArgs(id: string): string[] {
    return ['rm', '--force', id];
  }

  // docker's .Labels is one string; .Label reads one key.
  protected labelTemplate(key: string): string {
    return `{{.Label "${key}"}}`;
  }
}

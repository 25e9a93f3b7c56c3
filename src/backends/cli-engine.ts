import type {Readable, Writable} from 'node:stream';
import type {Arch} from '../core/arch.js';
import type {BackendName} from '../core/types.js';
import {
  VDIST_LABEL,
  type Backend,
  type Container,
  type CreateOptions,
  type ImageInfo,
  type ProbeResult,
  type PullOptions,
  type RunContext,
  type RunOptions,
} from './backend.js';
import {EngineCommand, vanishedWhileListing} from './engine-command.js';
import {OWNER_LABELS} from './ownership.js';
import {cannotStartError, checkImageArch, envArgs, imageMissingError, platformArgs} from './engine-errors.js';
import {describeCommand} from '../core/exec.js';
import {ExecError} from '../core/errors.js';
import {EngineImages, matchingReferences} from './engine-images.js';
import {skopeoLookup, tlsArgs, transferReason, type RemoteLookup, type TransferOptions, type TransferResult} from './image-transfer.js';

/**
 * What podman and docker share: both keep a long-lived container
 * (`run -d ... sleep infinity`) and drive it with `exec`. The subclasses
 * override the few flags and the `info` parsing that differ.
 */
export abstract class CliEngineBackend implements Backend {
  abstract readonly name: BackendName;

  private readonly images: EngineImages;

  constructor(protected readonly cli: EngineCommand) {
    this.images = new EngineImages(cli);
  }

  /** Parse `info` output into a ProbeResult. */
  protected abstract parseInfo(stdout: string): ProbeResult;
  /** Args of the `info` call used as the probe. */
  protected abstract infoArgs(): string[];
  /** How to make the engine usable, shown when its probe fails. */
  protected abstract unusableHint(): string;
  /** Args that remove a container without waiting for it to stop. */
  protected abstract removeArgs(id: string): string[];

  async probe(signal?: AbortSignal): Promise<ProbeResult> {
    const r = await this.cli.run(this.infoArgs(), {signal, allowFailure: true, timeoutMs: 60_000});
    // The tail mixes stdout (JSON, useless here) with the engine's complaint on stderr.
    const said = r.tail.filter((l) => !l.trimStart().startsWith('{')).slice(-3).join(' ');
    if (r.exitCode !== 0) return {ok: false, reason: said || `exit code ${r.exitCode}`, hint: this.unusableHint()};
    try {
      return this.parseInfo(r.stdout);
    } catch (error) {
      return {ok: false, reason: `unreadable "${this.name} info" output: ${(error as Error).message}`};
    }
  }

  /** The `pull` flag that skips TLS verification, or undefined when the engine decides elsewhere (docker: its daemon). */
  protected abstract insecurePullArgs(): string[] | undefined;

  async ensureImage(image: string, ctx: RunContext, profile?: string, arch?: Arch, pull: PullOptions = {}): Promise<void> {
    const format = arch ? '{{.Architecture}}' : '{{.Id}}';
    const present = await this.cli.run(['image', 'inspect', '--format', format, image], {...ctx, log: ctx.log, outputLevel: 'debug', allowFailure: true});
    if (present.exitCode === 0) {
      if (arch) checkImageArch(this.name, image, present.stdout, arch, profile);
      return;
    }
    ctx.log.info(`image ${image} is not present: pulling it`);
    const insecure = pull.insecure ? this.insecurePullArgs() : [];
    if (insecure === undefined) ctx.log.warn(`insecure_registry: ${this.name} has no pull flag for it; it pulls ${image} as its daemon's insecure-registries setting says`);
    const pulled = await this.cli.run(['pull', ...(insecure ?? []), ...platformArgs(arch), image], {...ctx, outputLevel: 'debug', allowFailure: true});
    if (pulled.exitCode !== 0) throw imageMissingError(this.name, image, pulled.tail, profile, arch);
  }

  // docker 20.10's daemon records the host's architecture whatever --platform says; ensureImage then names the mismatch.
  async importImage(rootfsTar: Readable, reference: string, ctx: RunContext, arch?: Arch): Promise<void> {
    await this.cli.run(['import', ...this.importArchArgs(arch), '-', reference], {...ctx, stdin: rootfsTar, outputLevel: 'debug'});
  }

  /** How `import` is told the image's architecture (podman: --arch, docker: --platform). */
  protected abstract importArchArgs(arch: Arch | undefined): string[];

  async create(options: CreateOptions, ctx: RunContext): Promise<Container> {
    const labels = {[VDIST_LABEL]: 'true', ...options.labels};
    const args = ['run', '--detach', '--name', options.name];
    for (const [k, v] of Object.entries(labels)) args.push('--label', `${k}=${v}`);
    if (options.network) args.push('--network', options.network);
    args.push(...platformArgs(options.arch), ...envArgs(options.env), '--entrypoint', 'sleep', options.image, 'infinity');
    const r = await this.cli.run(args, {...ctx, outputLevel: 'debug', allowFailure: true});
    if (r.exitCode !== 0) {
      const command = describeCommand(this.cli.file, [...this.cli.prefix, ...args]);
      // exitCode -1: it did not run at all (exec's reason is the tail's one line).
      throw cannotStartError(this.name, options.name, r.tail) ?? (r.exitCode === -1 ? new ExecError(command, undefined, [], r.tail[0]) : new ExecError(command, r.exitCode, r.tail.slice(-10)));
    }
    const id = r.stdout.trim().split('\n').pop()!.trim();
    return {id, name: options.name, backend: this.name, network: options.network, env: options.env};
  }

  async copyIn(container: Container, tar: Readable, destDir: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['exec', container.id, 'mkdir', '-p', destDir], {...ctx, outputLevel: 'debug'});
    await this.cli.run(['exec', '--interactive', container.id, 'tar', '-x', '-C', destDir, '-f', '-'], {...ctx, stdin: tar, outputLevel: 'debug'});
  }

  async run(container: Container, argv: string[], ctx: RunContext & RunOptions): Promise<{exitCode: number; stdout: string; tail: string[]}> {
    return this.exec(container, argv, ctx);
  }

  /** `exec` in the container; `flags` go before the container id, `output` says where the raw output goes. */
  protected exec(container: Container, argv: string[], ctx: RunContext & RunOptions, flags: string[] = [], output: {stdout?: Writable; fd3?: Writable} = {stdout: ctx.stdout}) {
    const args = ['exec', ...flags, ...envArgs(ctx.env)];
    if (ctx.workdir) args.push('--workdir', ctx.workdir);
    args.push(container.id, ...argv);
    return this.cli.run(args, {log: ctx.log, signal: ctx.signal, ...output, allowFailure: ctx.allowFailure, outputLevel: ctx.outputLevel});
  }

  async commit(container: Container, reference: string, ctx: RunContext): Promise<void> {
    // The run's ownership labels stay off the image: a container made from it later must not look like this run's.
    const changes = Object.values(OWNER_LABELS).flatMap((k) => ['--change', `LABEL ${k}=`]);
    await this.cli.run(['commit', ...changes, container.id, reference], {...ctx, outputLevel: 'debug'});
  }

  async inspectImage(reference: string, ctx: RunContext): Promise<ImageInfo | undefined> {
    return (await this.inspectImages([reference], ctx))?.[0];
  }

  async listImages(label: string, ctx: RunContext): Promise<ImageInfo[]> {
    const r = await this.cli.runRetrying(['images', '--all', '--no-trunc', '--filter', `label=${label}`, '--format', '{{.ID}}'], {...ctx, outputLevel: 'debug'}, vanishedWhileListing);
    const ids = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    return this.images.inspectListed(ids, (batch) => this.inspectImages(batch, ctx));
  }

  /** `image inspect` of several images at once; undefined when the engine refused (one of them is missing). */
  private async inspectImages(references: string[], ctx: RunContext): Promise<ImageInfo[] | undefined> {
    const r = await this.cli.run(['image', 'inspect', ...references], {...ctx, outputLevel: 'debug', allowFailure: true});
    return r.exitCode === 0 ? parseImageInspect(r.stdout) : undefined;
  }

  tagImage(source: string, target: string, ctx: RunContext): Promise<void> {
    return this.images.tag(source, target, ctx);
  }

  async pullImage(remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    return this.transfer(['pull', '--quiet', ...this.tlsArgs(options), remote], ctx, options);
  }

  async pushImage(local: string, remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    return this.transfer(['push', '--quiet', ...this.tlsArgs(options), local, remote], ctx, options);
  }

  remoteImageExists(remote: string, ctx: RunContext, options: TransferOptions): Promise<RemoteLookup> {
    return skopeoLookup(remote, ctx, {...options, env: this.cli.env, authFile: this.authFile()});
  }

  async saveImage(reference: string, file: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['save', ...this.saveFormatArgs(), '--output', file, reference], {...ctx, outputLevel: 'debug'});
  }

  async loadImage(file: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['load', '--input', file], {...ctx, outputLevel: 'debug'});
  }

  /** podman: an OCI archive; docker: its own archive format (the only one it writes). */
  protected saveFormatArgs(): string[] {
    return ['--format', 'oci-archive'];
  }

  /** A pull or push, bounded by `options.timeoutMs`; a failure is a result, not an exception. */
  protected async transfer(args: string[], ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    const r = await this.cli.run(args, {...ctx, outputLevel: 'debug', allowFailure: true, timeoutMs: options.timeoutMs});
    return r.exitCode === 0 ? {ok: true} : {ok: false, reason: transferReason(r.tail, r.exitCode)};
  }

  /** How the engine is told to skip TLS verification for one call (podman: a flag; docker: its daemon's config). */
  protected tlsArgs(options: TransferOptions): string[] {
    return tlsArgs(options);
  }

  /** The login file skopeo reads for this engine's credentials; undefined: skopeo's own search (podman's auth.json first). */
  protected authFile(): string | undefined {
    return undefined;
  }

  removeImage(reference: string, ctx: Omit<RunContext, 'signal'>): Promise<boolean> {
    return this.images.remove(reference, ctx);
  }

  async listReferences(pattern: string, ctx: Omit<RunContext, 'signal'>): Promise<string[]> {
    const r = await this.cli.runRetrying(['images', '--filter', `reference=${pattern}`, '--format', '{{.Repository}}:{{.Tag}}'], {log: ctx.log, outputLevel: 'debug'}, vanishedWhileListing);
    return matchingReferences(r.stdout.split('\n').map((l) => l.trim()), pattern);
  }

  async remove(container: Container, ctx: Omit<RunContext, 'signal'>): Promise<void> {
    // No signal on purpose: removal must still run after Ctrl-C aborted everything else.
    await this.cli.removeContainer(this.removeArgs(container.id), container.name, ctx.log);
  }

  async listLabelled(ctx: Omit<RunContext, 'signal'>): Promise<Container[]> {
    const keys = Object.values(OWNER_LABELS);
    const format = ['{{.ID}}', '{{.Names}}', ...keys.map((k) => this.labelTemplate(k))].join('|');
    const r = await this.cli.runRetrying(
      ['ps', '--all', '--filter', `label=${VDIST_LABEL}`, '--format', format],
      {log: ctx.log, outputLevel: 'debug'},
      vanishedWhileListing,
    );
    return r.stdout
      .split('\n')
      .map((l) => l.trim().split('|'))
      .filter((w) => w[0])
      .map(([id, name, ...values]) => {
        const labels = Object.fromEntries(keys.map((k, i) => [k, values[i] ?? '']).filter(([, v]) => v !== '' && v !== '<no value>'));
        return {id: id!, name: name || id!, backend: this.name, labels};
      });
  }

  /** The `ps --format` template that prints one label's value. */
  protected abstract labelTemplate(key: string): string;
}

/** `podman|docker image inspect` output (a JSON array) as ImageInfo: podman and docker differ only in the ID's prefix and where labels sit. */
export function parseImageInspect(stdout: string): ImageInfo[] {
  const parsed = JSON.parse(stdout || '[]') as Array<{
    Id: string;
    RepoTags?: string[] | null;
    Created?: string;
    Size?: number;
    Labels?: Record<string, string> | null;
    Config?: {Labels?: Record<string, string> | null} | null;
  }>;
  return parsed.map((i) => {
    const created = i.Created ? new Date(i.Created) : undefined;
    return {
      id: i.Id.replace(/^sha256:/, ''),
      references: (i.RepoTags ?? []).filter((t) => !t.includes('<none>')),
      created: created && !Number.isNaN(created.getTime()) ? created : undefined,
      labels: {...i.Labels, ...i.Config?.Labels},
      sizeBytes: i.Size,
    };
  });
}

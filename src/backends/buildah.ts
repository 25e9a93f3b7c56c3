import {mkdtemp, rm} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
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
import type {Arch} from '../core/arch.js';
import {trackTemporary} from '../core/output-file.js';
import {EngineCommand, vanishedWhileListing} from './engine-command.js';
import {OWNER_LABELS, ownerLabels} from './ownership.js';
import {containerName} from './with-container.js';
import {checkImageArch, envArgs, imageMissingError, platformArgs} from './engine-errors.js';
import {EngineImages, matchingReferences} from './engine-images.js';
import type {EngineOptions} from './engine-options.js';
import {skopeoLookup, tlsArgs, transferReason, type RemoteLookup, type TransferOptions, type TransferResult} from './image-transfer.js';

/**
 * Buildah: no daemon, and with `--isolation chroot` no OCI runtime either,
 * which suits locked-down CI runners. A working container is made with
 * `buildah from`; network and env are given on every `buildah run`, since a
 * working container has no process of its own.
 */
export class BuildahBackend implements Backend {
  readonly name = 'buildah' as const;
  private readonly cli: EngineCommand;
  private readonly isolation: 'chroot' | 'oci' | undefined;
  private readonly images: EngineImages;

  constructor(options: EngineOptions = {}) {
    this.cli = new EngineCommand('buildah', options);
    this.images = new EngineImages(this.cli);
    this.isolation = options.isolation;
  }

  async probe(signal?: AbortSignal): Promise<ProbeResult> {
    const info = await this.cli.run(['info'], {signal, allowFailure: true, timeoutMs: 60_000});
    if (info.exitCode !== 0) return {ok: false, reason: info.tail.slice(-3).join(' ') || `exit code ${info.exitCode}`};
    const version = await this.cli.run(['--version'], {signal, allowFailure: true, timeoutMs: 60_000});
    try {
      const parsed = JSON.parse(info.stdout) as {host?: {rootless?: boolean}; store?: {GraphDriverName?: string}};
      return {
        ok: true,
        version: /version\s+(\S+)/.exec(version.stdout)?.[1],
        rootless: parsed.host?.rootless,
        storageDriver: parsed.store?.GraphDriverName,
      };
    } catch (error) {
      return {ok: false, reason: `unreadable "buildah info" output: ${(error as Error).message}`};
    }
  }

  async ensureImage(image: string, ctx: RunContext, profile?: string, arch?: Arch, pull: PullOptions = {}): Promise<void> {
    const format = arch ? '{{.OCIv1.Architecture}}' : '{{.FromImageID}}';
    const present = await this.cli.run(['inspect', '--type', 'image', '--format', format, image], {...ctx, outputLevel: 'debug', allowFailure: true});
    if (present.exitCode === 0) {
      if (arch) checkImageArch(this.name, image, present.stdout, arch, profile);
      return;
    }
    ctx.log.info(`image ${image} is not present: pulling it`);
    const pulled = await this.cli.run(['pull', ...(pull.insecure ? ['--tls-verify=false'] : []), ...platformArgs(arch), image], {...ctx, outputLevel: 'debug', allowFailure: true});
    if (pulled.exitCode !== 0) throw imageMissingError(this.name, image, pulled.tail, profile, arch);
  }

  /** buildah has no `import`: `add` a rootfs tar (it unpacks archives) to a scratch container and commit it. */
  async importImage(rootfsTar: Readable, reference: string, ctx: RunContext, arch?: Arch): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-import-'));
    const untrack = trackTemporary(dir);
    const file = join(dir, 'rootfs.tar');
    let id: string | undefined;
    try {
      await pipeline(rootfsTar, createWriteStream(file), {signal: ctx.signal});
      id = (await this.cli.run(['from', '--name', containerName('import'), 'scratch'], {...ctx, outputLevel: 'debug'})).stdout.trim();
      // Labelled like every vdist container, so a reaper finds it after a SIGKILL; the labels stay off the image.
      const labels = {[VDIST_LABEL]: 'true', 'vdist.build': 'image-import', ...ownerLabels()};
      await this.cli.run(['config', ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]), id], {...ctx, outputLevel: 'debug'});
      await this.cli.run(['add', id, file, '/'], {...ctx, outputLevel: 'debug'});
      await this.cli.run(['config', ...Object.keys(labels).flatMap((k) => ['--label', `${k}-`]), id], {...ctx, outputLevel: 'debug'});
      if (arch) await this.cli.run(['config', '--arch', arch, id], {...ctx, outputLevel: 'debug'});
      await this.cli.run(['commit', id, reference], {...ctx, outputLevel: 'debug'});
    } finally {
      if (id) await this.cli.run(['rm', id], {log: ctx.log, outputLevel: 'debug', allowFailure: true});
      await rm(dir, {recursive: true, force: true});
      untrack();
    }
  }

  async create(options: CreateOptions, ctx: RunContext): Promise<Container> {
    const r = await this.cli.run(['from', '--name', options.name, '--pull=never', ...platformArgs(options.arch, '--arch'), options.image], {...ctx, outputLevel: 'debug'});
    const id = r.stdout.trim().split('\n').pop()!.trim();
    const container: Container = {id, name: options.name, backend: this.name, network: options.network, env: options.env};
    const labels = {[VDIST_LABEL]: 'true', ...options.labels};
    // Labels let `vdist clean` tell our working containers from anyone else's.
    const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    try {
      await this.cli.run(['config', ...labelArgs, id], {...ctx, outputLevel: 'debug'});
    } catch (error) {
      await this.remove(container, ctx);
      throw error;
    }
    return container;
  }

  async copyIn(container: Container, tar: Readable, destDir: string, ctx: RunContext): Promise<void> {
    await this.cli.runRestarting([...this.runArgs(container), '--', 'mkdir', '-p', destDir], {...ctx, outputLevel: 'debug'});
    await this.cli.runRestarting([...this.runArgs(container), '--', 'tar', '-x', '-C', destDir, '-f', '-'], {...ctx, stdin: tar, outputLevel: 'debug'});
  }

  async run(container: Container, argv: string[], ctx: RunContext & RunOptions): Promise<{exitCode: number; stdout: string; tail: string[]}> {
    const extra = ctx.workdir ? ['--workingdir', ctx.workdir] : [];
    return this.cli.runRestarting([...this.runArgs(container, ctx.env, extra), '--', ...argv], {log: ctx.log, signal: ctx.signal, stdout: ctx.stdout, allowFailure: ctx.allowFailure, outputLevel: ctx.outputLevel});
  }

  async commit(container: Container, reference: string, ctx: RunContext): Promise<void> {
    // The run's ownership labels stay off the image (`--label KEY-` removes one).
    await this.cli.run(['config', ...Object.values(OWNER_LABELS).flatMap((k) => ['--label', `${k}-`]), container.id], {...ctx, outputLevel: 'debug'});
    await this.cli.run(['commit', container.id, reference], {...ctx, outputLevel: 'debug'});
  }

  async inspectImage(reference: string, ctx: RunContext): Promise<ImageInfo | undefined> {
    const config = await this.imageConfig(reference, ctx);
    if (!config) return undefined;
    const names = await this.cli.run(['images', '--json', '--no-trunc', config.id], {...ctx, outputLevel: 'debug', allowFailure: true});
    const listed = names.exitCode === 0 ? (JSON.parse(names.stdout || '[]') as Array<{names?: string[] | null}>) : [];
    return {...config, references: listed.flatMap((l) => l.names ?? [])};
  }

  async listImages(label: string, ctx: RunContext): Promise<ImageInfo[]> {
    const r = await this.cli.runRetrying(['images', '--all', '--json', '--no-trunc', '--filter', `label=${label}`], {...ctx, outputLevel: 'debug'}, vanishedWhileListing);
    const listed = (JSON.parse(r.stdout || '[]') as Array<{id: string; names?: string[] | null}> | null) ?? [];
    // `buildah inspect` takes one image, so the names come from the listing: one call per image, not two.
    const found: ImageInfo[] = [];
    for (const image of listed) {
      const config = await this.imageConfig(image.id.replace(/^sha256:/, ''), ctx);
      if (config) found.push({...config, references: image.names ?? []});
    }
    return found;
  }

  /** An image's ID, creation time and labels; undefined when there is no such image (it may have gone meanwhile). */
  private async imageConfig(reference: string, ctx: RunContext): Promise<Omit<ImageInfo, 'references'> | undefined> {
    const r = await this.cli.run(['inspect', '--type', 'image', reference], {...ctx, outputLevel: 'debug', allowFailure: true});
    if (r.exitCode !== 0) return undefined;
    const i = JSON.parse(r.stdout) as {FromImageID: string; OCIv1?: {created?: string; config?: {Labels?: Record<string, string> | null}}};
    const created = i.OCIv1?.created ? new Date(i.OCIv1.created) : undefined;
    return {id: i.FromImageID, created: created && !Number.isNaN(created.getTime()) ? created : undefined, labels: {...i.OCIv1?.config?.Labels}};
  }

  async listReferences(pattern: string, ctx: Omit<RunContext, 'signal'>): Promise<string[]> {
    const r = await this.cli.runRetrying(['images', '--json'], {log: ctx.log, outputLevel: 'debug'}, vanishedWhileListing);
    const names = ((JSON.parse(r.stdout || '[]') as Array<{names?: string[] | null}> | null) ?? []).flatMap((i) => i.names ?? []);
    return matchingReferences(names, pattern);
  }

  tagImage(source: string, target: string, ctx: RunContext): Promise<void> {
    return this.images.tag(source, target, ctx);
  }

  removeImage(reference: string, ctx: Omit<RunContext, 'signal'>): Promise<boolean> {
    return this.images.remove(reference, ctx);
  }

  pullImage(remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    return this.transfer(['pull', '--quiet', ...tlsArgs(options), remote], ctx, options);
  }

  pushImage(local: string, remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    return this.transfer(['push', '--quiet', ...tlsArgs(options), local, `docker://${remote}`], ctx, options);
  }

  remoteImageExists(remote: string, ctx: RunContext, options: TransferOptions): Promise<RemoteLookup> {
    return skopeoLookup(remote, ctx, {...options, env: this.cli.env});
  }

  async saveImage(reference: string, file: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['push', '--quiet', reference, `oci-archive:${file}:${reference}`], {...ctx, outputLevel: 'debug'});
  }

  async loadImage(file: string, ctx: RunContext): Promise<void> {
    await this.cli.run(['pull', '--quiet', `oci-archive:${file}`], {...ctx, outputLevel: 'debug'});
  }

  private async transfer(args: string[], ctx: RunContext, options: TransferOptions): Promise<TransferResult> {
    const r = await this.cli.run(args, {...ctx, outputLevel: 'debug', allowFailure: true, timeoutMs: options.timeoutMs});
    return r.exitCode === 0 ? {ok: true} : {ok: false, reason: transferReason(r.tail, r.exitCode)};
  }

  async remove(container: Container, ctx: Omit<RunContext, 'signal'>): Promise<void> {
    await this.cli.removeContainer(['rm', container.id], container.name, ctx.log);
  }

  async listLabelled(ctx: Omit<RunContext, 'signal'>): Promise<Container[]> {
    const list = await this.cli.run(['containers', '--json'], {log: ctx.log, outputLevel: 'debug'});
    const all = (JSON.parse(list.stdout || '[]') as Array<{id: string; containername: string}>) ?? [];
    const found: Container[] = [];
    for (const c of all) {
      const r = await this.cli.run(['inspect', '--type', 'container', c.id], {log: ctx.log, outputLevel: 'debug', allowFailure: true});
      if (r.exitCode !== 0) continue; // gone meanwhile
      const labels = (JSON.parse(r.stdout || '{}') as {OCIv1?: {config?: {Labels?: Record<string, string> | null}}}).OCIv1?.config?.Labels ?? {};
      if (labels[VDIST_LABEL] === undefined) continue;
      const owner = Object.fromEntries(Object.values(OWNER_LABELS).flatMap((k) => (labels[k] ? [[k, labels[k]]] : [])));
      found.push({id: c.id, name: c.containername, backend: this.name, labels: owner});
    }
    return found;
  }

  private runArgs(container: Container, env?: Record<string, string>, extra: string[] = []): string[] {
    const args = ['run', ...extra];
    if (this.isolation) args.push('--isolation', this.isolation);
    if (container.network) args.push('--network', container.network);
    args.push(...envArgs({...container.env, ...env}), container.id);
    return args;
  }
}

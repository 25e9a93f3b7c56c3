import type {Readable, Writable} from 'node:stream';
import type {Logger} from '../core/log.js';
import type {Arch} from '../core/arch.js';
import type {BackendName} from '../core/types.js';

/**
 * A container engine driven through its CLI. One implementation per engine
 * (podman.ts, buildah.ts, docker.ts); nothing is bind-mounted, so every byte
 * crosses the boundary as a stream on stdin/stdout. That keeps rootless
 * engines, SELinux hosts and remote engines working the same way.
 */
export interface Backend extends ImageEngine, ContainerEngine {
  /** Really runs the engine (e.g. `podman info`). Resolves with details, or a reason it cannot be used. */
  probe(signal?: AbortSignal): Promise<ProbeResult>;
}

/** The image half of an engine: what the provisioned-image cache (local and shared through a registry or a directory), `vdist cache` and `vdist image` need. */
export interface ImageEngine extends ImageTransfer {
  readonly name: BackendName;

  /**
   * Make sure the image is present; pull it when missing. Throws a VdistError
   * suggesting `vdist image bootstrap PROFILE` (named when `profile` is given) when it cannot be had.
   */
  ensureImage(image: string, ctx: RunContext, profile?: string, arch?: Arch, pull?: PullOptions): Promise<void>;

  /** Import a root filesystem tar as an image of `arch` (default: the host's), for `vdist image bootstrap`. */
  importImage(rootfsTar: Readable, reference: string, ctx: RunContext, arch?: Arch): Promise<void>;

  /** The image's ID, creation time, labels and size; undefined when there is no such image. */
  inspectImage(reference: string, ctx: RunContext): Promise<ImageInfo | undefined>;

  /** Every image carrying the label `label` (`key`: any value; `key=value`: that value), tagged or not. */
  listImages(label: string, ctx: RunContext): Promise<ImageInfo[]>;

  /** Give an image a second name (`tag`). Atomic in every engine: the name points at the old or the new image. */
  tagImage(source: string, target: string, ctx: RunContext): Promise<void>;

  /** Remove a name, or an image by ID (`rmi`). An image still used by a container stays. Never throws. */
  removeImage(reference: string, ctx: Omit<RunContext, 'signal'>): Promise<boolean>;

  /** The `repository:tag` names matching `pattern` (`localhost/vdist-cache/*:tmp-*`); engines without such a filter leave it out. */
  listReferences?(pattern: string, ctx: Omit<RunContext, 'signal'>): Promise<string[]>;
}

/** The container half of an engine: build containers, streams in and out, commits. */
export interface ContainerEngine {
  readonly name: BackendName;

  /** Create and start a long-lived build container (`sleep infinity` style) with the vdist label. */
  create(options: CreateOptions, ctx: RunContext): Promise<Container>;

  /** Extract a tar stream into `destDir` inside the container (`tar -x` on its stdin). */
  copyIn(container: Container, tar: Readable, destDir: string, ctx: RunContext): Promise<void>;

  /**
   * Run argv inside the container. stdout/stderr lines stream to ctx.log;
   * when `stdout` is given, raw stdout goes there instead (e.g. `tar -c` out).
   */
  run(container: Container, argv: string[], ctx: RunContext & RunOptions): Promise<{exitCode: number; stdout: string; tail: string[]}>;

  /** Commit the container as an image (the provisioned-image cache). The container's labels go with it. */
  commit(container: Container, reference: string, ctx: RunContext): Promise<void>;

  /** Remove the container, forcefully. Never throws for a container that is already gone. */
  remove(container: Container, ctx: Omit<RunContext, 'signal'>): Promise<void>;

  /** Every container carrying the vdist label (for `vdist clean` and tests). */
  listLabelled(ctx: Omit<RunContext, 'signal'>): Promise<Container[]>;
}

export interface ProbeResult {
  ok: boolean;
  version?: string;
  rootless?: boolean;
  storageDriver?: string;
  /** Why it cannot be used, and how to fix it when known. */
  reason?: string;
  hint?: string;
}

export interface CreateOptions {
  image: string;
  /** Container name, `vdist-<build>-<random>`. */
  name: string;
  labels?: Record<string, string>;
  /** e.g. `host` so a build reaches a package index on the host's loopback. */
  network?: string;
  env?: Record<string, string>;
  /** Platform of a foreign-architecture container (run under qemu-user emulation); the host's needs none. */
  arch?: Arch;
}

export interface Container {
  id: string;
  name: string;
  backend: BackendName;
  /** Network the container was created with; buildah applies it on every `run`. */
  network?: string;
  /** Environment given at create time; buildah applies it on every `run`. */
  env?: Record<string, string>;
  /** Its labels, as listLabelled reports them (only the vdist ones are read). */
  labels?: Record<string, string>;
}

/** An image as `inspectImage` / `listImages` report it. */
export interface ImageInfo {
  /** Full image ID (hex, without `sha256:`). */
  id: string;
  /** Names (`repo:tag`) that point at it; empty when dangling. */
  references: string[];
  created?: Date;
  labels: Record<string, string>;
  /** Unknown for buildah. */
  sizeBytes?: number;
}

/** Extra options of Backend.run. */
export interface RunOptions {
  env?: Record<string, string>;
  /** Raw stdout goes here instead of the logger (e.g. the `tar -c` of results). */
  stdout?: Writable;
  /** Return a non-zero exit code instead of throwing. */
  allowFailure?: boolean;
  /** Working directory inside the container. */
  workdir?: string;
  /** Level of the output lines in the log: 'info' (the default) for build steps, 'debug' for vdist's own queries. */
  outputLevel?: 'info' | 'debug';
}

/** How a missing image is pulled. */
export interface PullOptions {
  /** The registry has no valid TLS (a profile's insecure_registry): skip verification where the engine has a flag for it. */
  insecure?: boolean;
}

export interface RunContext {
  log: Logger;
  signal?: AbortSignal;
}

/** The label every vdist container carries, so leftovers can always be found. */
export const VDIST_LABEL = 'io.github.vdist';

/** How a pull, push or lookup talks to a registry. Credentials are never here: they come from the engine's own login. */
export interface TransferOptions {
  /** false only when the configuration names a plain-HTTP (or self-signed) registry. */
  tlsVerify: boolean;
  /** The longest the call may take; a registry that hangs costs this, never more. */
  timeoutMs: number;
}

/** What a pull or push did: done, or why not (the engine's own words, redacted by exec). */
export type TransferResult = {ok: true} | {ok: false; reason: string};

/**
 * Whether a registry holds a tag, and the image ID it would have once pulled
 * (its config's digest; unknown for a multi-platform index): `failed` when it
 * could not tell (unreachable, refused login, 5xx, timeout).
 */
export type RemoteLookup = {found: boolean; id?: string} | {failed: string};

/**
 * The registry verbs of an engine, for the provisioned-image cache shared
 * through a registry. References are full (`host:port/path/name:tag`).
 */
export interface ImageTransfer {
  /** Pull `remote` into the engine's storage. */
  pullImage(remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult>;
  /** Push the local image `local` to `remote`. */
  pushImage(local: string, remote: string, ctx: RunContext, options: TransferOptions): Promise<TransferResult>;
  /** Ask the registry whether `remote` exists, without pulling it. */
  remoteImageExists(remote: string, ctx: RunContext, options: TransferOptions): Promise<RemoteLookup>;
  /** Write the local image `reference` to `file`, an archive the same engine loads with its name (`vdist cache export`). */
  saveImage(reference: string, file: string, ctx: RunContext): Promise<void>;
  /** Load an archive saveImage wrote. */
  loadImage(file: string, ctx: RunContext): Promise<void>;
}

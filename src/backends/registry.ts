import {VdistError} from '../core/errors.js';
import type {Logger} from '../core/log.js';
import type {BackendName} from '../core/types.js';
import type {Backend, ProbeResult} from './backend.js';
import {BuildahBackend} from './buildah.js';
import {DockerBackend} from './docker.js';
import type {EngineOptions} from './engine-options.js';
import {PodmanBackend} from './podman.js';

/** Every engine vdist drives, in auto-detection order. */
export const BACKEND_NAMES = ['podman', 'buildah', 'docker'] as const satisfies readonly BackendName[];

/** One line of help per engine, for `--backend`. */
export const BACKEND_HELP: Record<BackendName, string> = {
  podman: 'Podman, rootful or rootless; remote with CONTAINER_HOST or --url/--connection',
  buildah: 'Buildah working containers; --isolation chroot needs no OCI runtime',
  docker: 'Docker, or any Docker API socket, through DOCKER_HOST',
};

/** `--backend` flag help, made from the registry. */
export const backendFlagHelp = (): string =>
  `Container engine. Default: [vdist] backend, else the first that works of ${BACKEND_NAMES.join(', ')}.`;

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

/** Make the backend for an engine. Constructing runs nothing. */
export function createBackend(name: BackendName, options: EngineOptions = {}): Backend {
  switch (name) {
    case 'podman':
      return new PodmanBackend(options);
    case 'buildah':
      return new BuildahBackend(options);
    case 'docker':
      return new DockerBackend(options);
  }
}

export interface SelectOptions extends EngineOptions {
  /** `--backend` flag. */
  flag?: string;
  /** `[vdist] backend`. */
  configured?: string;
  log: Logger;
  signal?: AbortSignal;
}

/** A backend that answered its probe. */
export interface SelectedBackend {
  backend: Backend;
  probe: ProbeResult;
  /** How it was chosen, for the log. */
  via: 'flag' | 'config' | 'auto';
}

/**
 * Picks the engine: `--backend`, then `[vdist] backend`, then the first of
 * podman, buildah, docker whose probe really runs. The error lists every
 * engine tried and why each failed.
 */
export async function selectBackend(options: SelectOptions): Promise<SelectedBackend> {
  const explicit = options.flag ?? options.configured;
  if (explicit !== undefined) {
    const via = options.flag === undefined ? 'config' : 'flag';
    if (!isBackendName(explicit)) {
      throw new VdistError(`Unknown backend "${explicit}" (from ${via === 'flag' ? '--backend' : '[vdist] backend'})`, {
        code: 'USAGE',
        exit: 2,
        suggestions: [`Use one of: ${BACKEND_NAMES.join(', ')}`],
      });
    }
    const backend = createBackend(explicit, options);
    const probe = await backend.probe(options.signal);
    if (!probe.ok) throw noEngineError([[explicit, probe]]);
    return {backend, probe, via};
  }
  const tried: Array<[BackendName, ProbeResult]> = [];
  for (const name of BACKEND_NAMES) {
    const backend = createBackend(name, options);
    const probe = await backend.probe(options.signal);
    options.log.debug({backend: name, probe}, `probed ${name}: ${probe.ok ? 'usable' : probe.reason}`);
    if (probe.ok) return {backend, probe, via: 'auto'};
    tried.push([name, probe]);
  }
  throw noEngineError(tried);
}

function noEngineError(tried: Array<[BackendName, ProbeResult]>): VdistError {
  const lines = tried.map(([name, p]) => `  ${name}: ${p.reason ?? 'unusable'}${p.hint ? ` (${p.hint})` : ''}`);
  return new VdistError(`No usable container engine. Tried:\n${lines.join('\n')}`, {
    code: 'NO_ENGINE',
    suggestions: ['Install podman (rootless) or buildah, or start dockerd', 'Run `vdist doctor` to see what each engine lacks'],
  });
}

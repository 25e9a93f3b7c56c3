import {VdistError} from '../core/errors.js';

/** `-e K=V` pairs, in a stable order. */
export function envArgs(env: Record<string, string> | undefined): string[] {
  return Object.entries(env ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([k, v]) => ['--env', `${k}=${v}`]);
}

/** The image is neither present nor pullable: tell the user how to make it without a registry. */
export function imageMissingError(engine: string, image: string, tail: string[], profile = '<profile>'): VdistError {
  const why = tail.slice(-3).join('\n  ');
  return new VdistError(`Image ${image} is not present in ${engine} and could not be pulled${why ? `:\n  ${why}` : ''}`, {
    code: 'IMAGE_MISSING',
    suggestions: [
      `Make it from a Debian/Ubuntu mirror: vdist image bootstrap ${profile} --backend ${engine}`,
      `Or load it yourself: ${engine === 'buildah' ? 'podman' : engine} load / import, under the name ${image}`,
    ],
  });
}

/** What an engine says when its OCI runtime cannot run a container (podman, docker; crun/runc missing or failing). */
const RUNTIME_FAILED = /OCI runtime|no valid executable found for OCI runtime|default OCI runtime|unknown runtime|runtime .* not found/i;

/**
 * A container that could not start because the engine's runtime fails
 * (a broken or missing OCI runtime): an error that says so, naming the
 * engine; undefined when the output tells another story.
 */
export function cannotStartError(engine: string, container: string, tail: string[]): VdistError | undefined {
  const said = tail.filter((l) => RUNTIME_FAILED.test(l));
  if (said.length === 0) return undefined;
  return new VdistError(`the ${engine} engine cannot start containers: its OCI runtime failed to start ${container}: ${said.slice(-2).join(' ').trim()}`, {
    code: 'ENGINE_CANNOT_START',
    suggestions: [
      engine === 'docker' ? "Check the daemon's runtime (dockerd --default-runtime, daemon.json)" : 'Check the runtime in containers.conf ([engine] runtime): is it installed, does it work here?',
      `Run \`vdist doctor --backend ${engine}\`: it starts a test container`,
    ],
  });
}

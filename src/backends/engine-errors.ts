import {hostArch, ociPlatform, type Arch} from '../core/arch.js';
import {VdistError} from '../core/errors.js';

/** `-e K=V` pairs, in a stable order. */
export function envArgs(env: Record<string, string> | undefined): string[] {
  return Object.entries(env ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([k, v]) => ['--env', `${k}=${v}`]);
}

/** The image is neither present nor pullable: tell the user how to make it without a registry. */
export function imageMissingError(engine: string, image: string, tail: string[], profile = '<profile>', arch?: Arch): VdistError {
  const why = tail.slice(-3).join('\n  ');
  return new VdistError(`Image ${image}${arch ? ` (${arch})` : ''} is not present in ${engine} and could not be pulled${why ? `:\n  ${why}` : ''}`, {
    code: 'IMAGE_MISSING',
    suggestions: [
      `Make it from a Debian/Ubuntu mirror: vdist image bootstrap ${profile}${arch && arch !== hostArch() ? ` --arch ${arch}` : ''} --backend ${engine}`,
      `Or load it yourself: ${engine === 'buildah' ? 'podman' : engine} load / import, under the name ${image}`,
    ],
  });
}

/**
 * The image is there but made for another architecture: an engine would
 * either run it emulated (podman warns, docker says nothing) or try a pull.
 */
export function checkImageArch(engine: string, image: string, found: string, wanted: Arch, profile = '<profile>'): void {
  const have = found.trim();
  if (have === '' || have === wanted) return;
  throw new VdistError(`Image ${image} in ${engine} is for ${have}, and this build is for ${wanted}`, {
    code: 'IMAGE_ARCH',
    suggestions: [
      `Make an ${wanted} one: vdist image bootstrap ${profile} --arch ${wanted} --backend ${engine}`,
      `Or name an ${wanted} image for the profile: "images": {"${wanted}": "REPO/IMAGE:TAG"} in profiles.json`,
    ],
  });
}

/** `--platform linux/ARCH` for a foreign architecture; nothing for the host's, which every engine picks by itself. */
export function platformArgs(arch: Arch | undefined, flag = '--platform'): string[] {
  if (!arch || arch === hostArch()) return [];
  return flag === '--platform' ? [flag, ociPlatform(arch)] : [flag, arch];
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

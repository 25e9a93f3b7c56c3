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

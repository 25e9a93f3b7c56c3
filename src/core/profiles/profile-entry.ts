import {z} from 'zod';
import {ARCHES} from '../arch.js';
import {PACKAGE_FORMATS} from '../types.js';

/**
 * One profile as written in profiles.json / profiles.toml. vdist's format
 * (`docker_image`, `script`) is accepted as is; the newer keys are optional.
 */
export const profileEntrySchema = z.strictObject({
  docker_image: z.string(),
  script: z.string(),
  /** The original vdist's profiles.json carries notes here; ignored, as it ignored them. */
  _comment: z.unknown().optional(),
  /** The original's flag for an image from a registry without valid TLS: pulls of this image skip verification where the engine allows. */
  insecure_registry: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  format: z.enum(PACKAGE_FORMATS).optional(),
  packager: z.enum(['native', 'fpm']).optional(),
  /** The native packager's default compression for this target, e.g. `xz:1` or `zstd:10`. */
  compression: z.string().optional(),
  family: z.enum(['debian', 'rhel']).optional(),
  /** An image per architecture, e.g. {"arm64": "docker.io/arm64v8/debian:bookworm"}; docker_image serves the others. */
  images: z.partialRecord(z.enum(ARCHES), z.string()).optional(),
  bootstrap: z
    .strictObject({
      distribution: z.enum(['debian', 'ubuntu']),
      suite: z.string(),
      components: z.array(z.string()).optional(),
    })
    .optional(),
});

export type ProfileEntry = z.infer<typeof profileEntrySchema>;
export const PROFILE_ENTRY_KEYS = Object.keys(profileEntrySchema.shape);

/** Infers the package format from a script name, as vdist did: debian.sh -> deb, centos.sh -> rpm. */
export function inferFormat(script: string): 'deb' | 'rpm' | undefined {
  const s = script.toLowerCase();
  if (/debian|ubuntu|deb\b|apt/.test(s)) return 'deb';
  if (/centos|rhel|redhat|fedora|rocky|alma|rpm|yum|dnf/.test(s)) return 'rpm';
  return undefined;
}

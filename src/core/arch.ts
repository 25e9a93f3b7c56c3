/**
 * Target architectures of a build, in Debian's spelling (the BuildSpec's
 * `arch`); each tool gets its own spelling from here: rpm and the kernel say
 * aarch64/x86_64, OCI platforms say linux/arm64.
 */
export const ARCHES = ['amd64', 'arm64'] as const;
export type Arch = (typeof ARCHES)[number];

/** Other spellings accepted in vdist.toml and on the command line. */
const ALIASES: Record<string, Arch> = {x86_64: 'amd64', aarch64: 'arm64'};

/** The kernel's (uname -m) name, which binfmt_misc's qemu handlers use too. */
export const MACHINE: Record<Arch, string> = {amd64: 'x86_64', arm64: 'aarch64'};

/** `amd64`, `x86_64`, `arm64`, `aarch64` to Debian's name; undefined for anything else. */
export function parseArch(text: string): Arch | undefined {
  const t = text.trim().toLowerCase();
  return (ARCHES as readonly string[]).includes(t) ? (t as Arch) : ALIASES[t];
}

/** The architecture this vdist runs on (Node's `process.arch`), the default of every build. */
export function hostArch(nodeArch: string = process.arch): Arch {
  return nodeArch === 'arm64' ? 'arm64' : 'amd64';
}

/** The OCI platform of an architecture, as `--platform` takes it. */
export const ociPlatform = (arch: Arch) => `linux/${arch}`;

/** The profile as a build for `arch` uses it: `image` is the one its `images` maps for that arch, if any. */
export function profileForArch<P extends {image: string; images?: Partial<Record<Arch, string>>}>(profile: P, arch: Arch): P {
  const image = profile.images?.[arch];
  return image && image !== profile.image ? {...profile, image} : profile;
}

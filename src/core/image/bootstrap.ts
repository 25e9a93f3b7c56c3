import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import type {Backend} from '../../backends/backend.js';
import {hostArch, profileForArch, type Arch} from '../arch.js';
import {assertEmulation} from '../doctor/emulation.js';
import {UsageError, VdistError} from '../errors.js';
import {trackTemporary} from '../output-file.js';
import {exec} from '../exec.js';
import type {Logger} from '../log.js';
import type {Profile} from '../types.js';
import {hostAptSources, hostDistribution, hostMirrorFor} from './host-mirror.js';

export interface BootstrapOptions {
  profile: Profile;
  backend: Backend;
  /** APT mirror URL; default: the host's own, when it runs the same distribution. */
  mirror?: string;
  /** Architecture of the image (default: the host's). A foreign one is bootstrapped under qemu-user emulation. */
  arch?: Arch;
  log: Logger;
  signal?: AbortSignal;
}

/** What a bootstrap made. */
export interface BootstrapResult {
  image: string;
  arch: Arch;
  mirror: string;
  suite: string;
}

/**
 * Make a profile's base image without a registry: `debootstrap
 * --variant=minbase` into a temp dir, then tar it into the engine's import,
 * under the profile's image name.
 */
export async function bootstrapImage(options: BootstrapOptions): Promise<BootstrapResult> {
  const {log, signal} = options;
  const arch = options.arch ?? hostArch();
  const profile = profileForArch(options.profile, arch);
  const plan = profile.bootstrap;
  if (!plan) {
    throw new UsageError(`Profile ${profile.name} cannot be bootstrapped yet: only Debian and Ubuntu profiles can (${profile.family} images are not supported yet)`, {
      suggestions: [`Load ${profile.image} into ${options.backend.name} yourself (e.g. ${options.backend.name} load -i image.tar)`],
    });
  }
  const mirror = options.mirror ?? hostMirrorFor(plan.distribution, hostAptSources(), hostDistribution());
  if (!mirror) {
    throw new UsageError(`No mirror for ${plan.distribution} ${plan.suite}: this host does not run ${plan.distribution}, so its APT sources cannot serve`, {
      suggestions: [`vdist image bootstrap ${profile.name} --mirror http://YOUR-MIRROR/${plan.distribution}`],
    });
  }
  if (process.getuid?.() !== 0) {
    throw new VdistError('debootstrap needs root', {code: 'NEEDS_ROOT', suggestions: [`sudo vdist image bootstrap ${profile.name}`]});
  }
  const foreign = arch !== hostArch();
  if (foreign) assertEmulation([arch]);
  const dir = await mkdtemp(join(tmpdir(), 'vdist-rootfs-'));
  const untrack = trackTemporary(dir);
  try {
    const args = ['--variant=minbase'];
    if (plan.components?.length) args.push(`--components=${plan.components.join(',')}`);
    if (options.arch) args.push(`--arch=${arch}`);
    // A foreign rootfs is made in two stages: unpack on the host, then configure under emulation.
    if (foreign) args.push('--foreign');
    log.info(`debootstrap ${plan.suite} ${arch} from ${mirror} (${foreign ? 'about ten minutes: the second stage runs emulated' : 'about a minute'})`);
    await exec('debootstrap', [...args, plan.suite, dir, mirror], {log, outputLevel: 'debug', signal});
    if (foreign) await exec('chroot', [dir, '/debootstrap/debootstrap', '--second-stage'], {log, outputLevel: 'debug', signal});
    const tar = new PassThrough();
    const taring = exec('tar', ['--numeric-owner', '-C', dir, '-c', '.'], {log, outputLevel: 'debug', signal, stdout: tar});
    taring.catch((error: Error) => tar.destroy(error));
    await Promise.all([options.backend.importImage(tar, profile.image, {log, signal}, arch), taring]);
    log.info(`imported ${profile.image} (${arch}) into ${options.backend.name}`);
    return {image: profile.image, arch, mirror, suite: plan.suite};
  } finally {
    await rm(dir, {recursive: true, force: true});
    untrack();
  }
}

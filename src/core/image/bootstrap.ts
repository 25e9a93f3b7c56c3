import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import type {Backend} from '../../backends/backend.js';
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
  /** dpkg architecture, e.g. amd64 (default: the host's). */
  arch?: string;
  log: Logger;
  signal?: AbortSignal;
}

/** What a bootstrap made. */
export interface BootstrapResult {
  image: string;
  mirror: string;
  suite: string;
}

/**
 * Make a profile's base image without a registry: `debootstrap
 * --variant=minbase` into a temp dir, then tar it into the engine's import,
 * under the profile's image name.
 */
export async function bootstrapImage(options: BootstrapOptions): Promise<BootstrapResult> {
  const {profile, log, signal} = options;
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
  const dir = await mkdtemp(join(tmpdir(), 'vdist-rootfs-'));
  const untrack = trackTemporary(dir);
  try {
    const args = ['--variant=minbase'];
    if (plan.components?.length) args.push(`--components=${plan.components.join(',')}`);
    if (options.arch) args.push(`--arch=${options.arch}`);
    log.info(`debootstrap ${plan.suite} from ${mirror} (about a minute)`);
    await exec('debootstrap', [...args, plan.suite, dir, mirror], {log, outputLevel: 'debug', signal});
    const tar = new PassThrough();
    const taring = exec('tar', ['--numeric-owner', '-C', dir, '-c', '.'], {log, outputLevel: 'debug', signal, stdout: tar});
    taring.catch((error: Error) => tar.destroy(error));
    await Promise.all([options.backend.importImage(tar, profile.image, {log, signal}), taring]);
    log.info(`imported ${profile.image} into ${options.backend.name}`);
    return {image: profile.image, mirror, suite: plan.suite};
  } finally {
    await rm(dir, {recursive: true, force: true});
    untrack();
  }
}

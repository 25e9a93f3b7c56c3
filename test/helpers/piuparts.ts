import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {hostAptSources, hostDistribution, hostMirrorFor} from '../../src/core/image/host-mirror.js';
import {engineSkipReason} from './engines.js';

/** The bookworm rootfs scripts/setup-host.sh exports from the base image: piuparts' starting chroot. */
export const ROOTFS_TAR = '/var/cache/vdist-test/debian-bookworm-rootfs.tar';

/** piuparts installs, removes and purges inside a copy of the chroot; a dependency download from the mirror included, it takes 1 to 3 minutes here. */
export const PIUPARTS_TIMEOUT = 10 * 60_000;

/** The host's Debian mirror (as vdist's `image bootstrap` finds it), for piuparts' apt inside the chroot. */
const mirror = () => hostMirrorFor('debian', hostAptSources(), hostDistribution());

/**
 * Why piuparts cannot run here (undefined when it can): it needs piuparts,
 * root, the rootfs tar and a Debian mirror. Skips with the reason shown, and
 * throws under VDIST_REQUIRE_ENGINES=1, as engineSkipReason does.
 */
export async function piupartsSkipReason(): Promise<string | undefined> {
  return (
    (await engineSkipReason('piuparts', ['piuparts', '--version'])) ??
    (await engineSkipReason('root (piuparts makes chroots)', ['test', String(process.getuid?.()), '=', '0'])) ??
    (await engineSkipReason('piuparts base chroot (scripts/setup-host.sh writes it)', ['test', '-s', ROOTFS_TAR])) ??
    (await engineSkipReason('a Debian mirror in the host\'s APT sources, for piuparts', ['test', '-n', mirror() ?? '']))
  );
}

/**
 * Runs piuparts' install and purge test on `deb` (`--no-upgrade-test`: the
 * previous version is in no archive). The base chroot is the rootfs tar,
 * unpacked once per run into a temp dir and given as `--existing-chroot`
 * (piuparts' `--basetgz` reads gzip only, and gzipping 200 MB costs more than
 * unpacking it); dependencies come from the host's mirror. Returns piuparts'
 * exit code and its last lines.
 */
export async function runPiuparts(deb: string): Promise<{exitCode: number | undefined; tail: string}> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-piuparts-'));
  try {
    await execa('tar', ['-C', dir, '-xf', ROOTFS_TAR]);
    const r = await execa('piuparts', ['--existing-chroot', dir, '--distribution', 'bookworm', '--mirror', `${mirror()} main`, '--no-upgrade-test', deb], {
      reject: false,
      timeout: PIUPARTS_TIMEOUT,
      all: true,
    });
    return {exitCode: r.exitCode, tail: String(r.all).split('\n').filter((l) => /INFO|ERROR|FAIL|PASS/.test(l)).slice(-30).join('\n')};
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

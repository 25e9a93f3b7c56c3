import {chmod, mkdir, rm, symlink, writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {debPackager} from '../../../src/core/formats/deb/writer.js';
import {packageMetadata} from '../../../src/core/metadata/metadata.js';
import type {NativePackager, PackageMetadata} from '../../../src/core/packagers/packager.js';
import {rpmPackager} from '../../../src/core/formats/rpm/writer.js';
import {engineSkipReason} from '../../helpers/engines.js';
import {lintianErrors, rpmlintErrors, WITHOUT_PROJECT} from '../../helpers/lint.js';
import {PIUPARTS_TIMEOUT, piupartsSkipReason, ROOTFS_TAR, runPiuparts} from '../../helpers/piuparts.js';
import {fixtureSource, tempDir, writePackage} from './tree-fixture.js';

// The whole life of a package that uses every deployment part (a /usr/bin
// link, a systemd unit, a config file the admin edits, all six hooks):
// install, upgrade from the previous version, remove, purge. Like piuparts,
// the file system is listed (path, type and mode, owner, group) before the
// install and after the purge, and the two listings must be the same.
process.env.CONTAINERS_CONF = resolve(dirname(fileURLToPath(import.meta.url)), '../../containers.conf');
const IMAGE = 'docker.io/library/debian:bookworm';
const APP = 'lifeapp';
const HOOKS = ['before_install', 'after_install', 'before_upgrade', 'after_upgrade', 'before_remove', 'after_remove'] as const;

/** What the build container would stream: the app, its command on PATH, its unit and its config file. */
async function makeTree(root: string, version: string): Promise<void> {
  await mkdir(join(root, `opt/${APP}/bin`), {recursive: true});
  await writeFile(join(root, `opt/${APP}/bin/${APP}`), `#!/bin/sh\necho "${APP} ${version}"\n`);
  await chmod(join(root, `opt/${APP}/bin/${APP}`), 0o755);
  await mkdir(join(root, 'usr/bin'), {recursive: true});
  await symlink(`/opt/${APP}/bin/${APP}`, join(root, `usr/bin/${APP}`));
  await mkdir(join(root, 'usr/lib/systemd/system'), {recursive: true});
  await writeFile(join(root, `usr/lib/systemd/system/${APP}.service`), `[Unit]\nDescription=${APP}\n\n[Service]\nExecStart=/usr/bin/${APP}\n\n[Install]\nWantedBy=multi-user.target\n`);
  await mkdir(join(root, `etc/${APP}`), {recursive: true});
  await writeFile(join(root, `etc/${APP}/${APP}.conf`), `version = ${version}\n`);
  await execa('chmod', ['-R', 'u=rwX,go=rX', root]);
}

/** Every hook prints one line (dpkg and rpm show a script's output): nothing on disk to leave behind. */
function meta(format: 'deb' | 'rpm', version: string): PackageMetadata {
  const spec = {
    name: 'lifecycle', app: APP, version, runtime_deps: [], fpm_args: ['--license', 'MIT', '--url', 'https://example.com/lifeapp'], packager: 'native', config_dir: '/nonexistent',
    compile_python: false, package_install_root: '/opt', systemd_units: [`deploy/${APP}.service`], config_files: {[`/etc/${APP}/${APP}.conf`]: 'deploy/x.conf'},
    profile: {format}, ...Object.fromEntries(HOOKS.map((h) => [h, h])),
  } satisfies Parameters<typeof packageMetadata>[0];
  return packageMetadata(spec, {sourceDateEpoch: 1700000000, readScript: (h) => `echo "hook ${h} $*"`, architecture: 'all', compression: {algorithm: 'xz', level: 0}});
}

/** The hooks a run printed, in order, without their arguments. */
const hooksRun = (output: string) => [...output.matchAll(/^hook (\w+)/gm)].map((m) => m[1]);

/** `find` of a whole root: path, type and mode, owner, group; what package tools and logs change is left out, as piuparts does. */
const LISTING = String.raw`find "$ROOT" -xdev \( -path "$ROOT/proc" -o -path "$ROOT/sys" -o -path "$ROOT/dev" -o -path "$ROOT/run" -o -path "$ROOT/tmp" \
  -o -path "$ROOT/var/lib/dpkg" -o -path "$ROOT/var/log" -o -path "$ROOT/var/cache" -o -path "$ROOT/var/lib/apt" -o -path "$ROOT/rpmdb" \) -prune \
  -o -printf '%P %M %u %g\n' | LC_ALL=C sort`;

/** The lines of `after` not in `before` (+) and of `before` not in `after` (-). */
function difference(before: string, after: string): string[] {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  return [...[...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`), ...[...a].filter((l) => !b.has(l)).map((l) => `- ${l}`)];
}

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = await tempDir('vdist-lifecycle-');
  for (const version of ['1.0', '2.0']) {
    await makeTree(join(dir, version), version);
    for (const [format, packager] of [['deb', debPackager], ['rpm', rpmPackager]] as [('deb' | 'rpm'), NativePackager][]) {
      const out = join(dir, `${format}-${version}.${format}`);
      await writePackage(packager, meta(format, version), fixtureSource(join(dir, version)), out);
      files[`${format}-${version}`] = out;
    }
  }
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const podmanSkip = await engineSkipReason('podman', ['podman', 'image', 'exists', IMAGE]);
describe.skipIf(podmanSkip)('a .deb with every deployment part, in a fresh bookworm container', () => {
  it('installs, upgrades over an edited config, removes and purges, and leaves the file system as it found it', async () => {
    expect(await lintianErrors(files['deb-1.0']!, WITHOUT_PROJECT)).toEqual([]);
    const name = `vdist-test-lifecycle-${process.pid}`;
    await execa('podman', ['run', '-d', '--name', name, '--label', 'vdist=test', IMAGE, 'sleep', '900']);
    try {
      const sh = async (script: string) => (await execa('podman', ['exec', '-e', 'ROOT=/', name, 'sh', '-c', script])).stdout;
      await execa('podman', ['cp', files['deb-1.0']!, `${name}:/tmp/v1.deb`]);
      await execa('podman', ['cp', files['deb-2.0']!, `${name}:/tmp/v2.deb`]);
      const before = await sh(LISTING);

      expect(hooksRun(await sh('dpkg -i /tmp/v1.deb'))).toEqual(['before_install', 'after_install']);
      expect(await sh(`${APP}; readlink /etc/systemd/system/multi-user.target.wants/${APP}.service`)).toMatch(new RegExp(`^${APP} 1.0\n(/usr)?/lib/systemd/system/${APP}.service$`));
      await sh(`echo 'version = mine' > /etc/${APP}/${APP}.conf`);
      expect(hooksRun(await sh('dpkg -i --force-confold /tmp/v2.deb'))).toEqual(['before_upgrade', 'after_upgrade']);
      expect(await sh(`${APP}; cat /etc/${APP}/${APP}.conf /etc/${APP}/${APP}.conf.dpkg-dist`)).toBe(`${APP} 2.0\nversion = mine\nversion = 2.0`);
      expect(hooksRun(await sh(`dpkg -r ${APP}`))).toEqual(['before_remove', 'after_remove']);
      expect(await sh(`cat /etc/${APP}/${APP}.conf`)).toBe('version = mine');
      expect(hooksRun(await sh(`dpkg -P ${APP}`))).toEqual(['after_remove']);

      expect(difference(before, await sh(LISTING))).toEqual([]);
      // Where a shared parent is missing, the preinst makes it (dpkg would not), and purging leaves it.
      expect(await sh(`rmdir /opt && dpkg -i /tmp/v1.deb >/dev/null && dpkg -P ${APP} >/dev/null && stat -c '%n %A %U' /opt`)).toBe('/opt drwxr-xr-x root');
    } finally {
      await execa('podman', ['rm', '--force', '--time', '0', name], {reject: false});
    }
  });
});

const rootSkip =
  (await engineSkipReason('root (rpm scriptlets chroot into the scratch root)', ['test', String(process.getuid?.()), '=', '0'])) ??
  (await engineSkipReason('the bookworm rootfs tar (scripts/setup-host.sh writes it)', ['test', '-s', ROOTFS_TAR]));
describe.skipIf(rootSkip)('an .rpm with every deployment part, with rpm --root into a bookworm root', () => {
  // The root is the bookworm rootfs, so the scriptlets really run (rpm chroots into it and runs its /bin/sh).
  it('installs, upgrades over an edited config, erases, and leaves only the admin\'s config behind', async () => {
    expect(await rpmlintErrors(files['rpm-1.0']!)).toEqual([]);
    const root = join(dir, 'rpmroot');
    await mkdir(root);
    await execa('tar', ['-C', root, '-xf', ROOTFS_TAR]);
    const rpm = async (...args: string[]) => {
      const r = await execa('rpm', [...args, '--root', root, '--dbpath', join(root, 'rpmdb'), '--nodeps'], {all: true});
      return String(r.all);
    };
    const list = async () => (await execa('sh', ['-c', LISTING], {env: {ROOT: root}})).stdout;
    const conf = join(root, `etc/${APP}/${APP}.conf`);
    const before = await list();

    expect(hooksRun(await rpm('-i', files['rpm-1.0']!))).toEqual(['before_install', 'after_install']);
    expect((await execa('chroot', [root, APP])).stdout).toBe(`${APP} 1.0`);
    await writeFile(conf, 'version = mine\n');
    expect(hooksRun(await rpm('-U', files['rpm-2.0']!))).toEqual(['before_upgrade', 'after_upgrade']);
    expect((await execa('chroot', [root, APP])).stdout).toBe(`${APP} 2.0`);
    expect(hooksRun(await rpm('-e', APP))).toEqual(['before_remove', 'after_remove']);

    // rpm has no purge: an edited config is kept as .rpmsave, and the new one as .rpmnew, in the directory that holds them.
    expect(difference(before, await list())).toEqual([
      `+ etc/${APP} drwxr-xr-x root root`,
      `+ etc/${APP}/${APP}.conf.rpmnew -rw-r--r-- root root`,
      `+ etc/${APP}/${APP}.conf.rpmsave -rw-r--r-- root root`,
    ]);
  });
});

const piupartsSkip = await piupartsSkipReason();
describe.skipIf(piupartsSkip)('piuparts on the .deb with every deployment part', () => {
  it('passes its install and purge test', {timeout: PIUPARTS_TIMEOUT + 60_000}, async () => {
    const started = Date.now();
    const result = await runPiuparts(files['deb-1.0']!);
    console.info(`piuparts took ${Math.round((Date.now() - started) / 1000)} s`);
    expect(result.tail).toContain('PASS: Installation and purging test.');
    expect(result.exitCode, result.tail).toBe(0);
  });
});

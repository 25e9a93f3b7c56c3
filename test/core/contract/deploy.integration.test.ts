import {chmod, mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {debPackager} from '../../../src/core/formats/deb/writer.js';
import {packageMetadata} from '../../../src/core/metadata/metadata.js';
import type {NativePackager, PackageMetadata} from '../../../src/core/packagers/packager.js';
import {rpmPackager} from '../../../src/core/formats/rpm/writer.js';
import {engineSkipReason, unavailable} from '../../helpers/engines.js';
import {lintianErrors, rpmlintErrors, WITHOUT_PROJECT} from '../../helpers/lint.js';
import {fixtureSource, tempDir, writePackage} from '../packagers/tree-fixture.js';

// Packages with the deployment parts a build stages (a /usr/bin link, a unit, a
// config file, the interpreter dependency), written by the native writers from a
// tree on the host and installed for real: no vdist build needed.
process.env.CONTAINERS_CONF = resolve(dirname(fileURLToPath(import.meta.url)), '../../containers.conf');
const IMAGE = 'docker.io/library/debian:bookworm';

const UNIT = `[Unit]
Description=myapp test service
Documentation=https://example.com/myapp

[Service]
ExecStart=/bin/sh -c 'myapp >> /var/lib/myapp-starts; exec sleep infinity'

[Install]
WantedBy=multi-user.target
`;

/** The tree the build container would stream: the app runs on the target's python3, so it needs the dependency. */
async function makeTree(root: string, version: string, setting: string): Promise<void> {
  await mkdir(join(root, 'opt/myapp/bin'), {recursive: true});
  await writeFile(join(root, 'opt/myapp/bin/myapp'), `#!/usr/bin/python3\nprint("myapp ${version}")\n`);
  await chmod(join(root, 'opt/myapp/bin/myapp'), 0o755);
  await mkdir(join(root, 'usr/bin'), {recursive: true});
  await symlink('/opt/myapp/bin/myapp', join(root, 'usr/bin/myapp'));
  await mkdir(join(root, 'usr/lib/systemd/system'), {recursive: true});
  await writeFile(join(root, 'usr/lib/systemd/system/myapp.service'), UNIT);
  await mkdir(join(root, 'etc/myapp'), {recursive: true});
  await writeFile(join(root, 'etc/myapp/config.toml'), `setting = ${setting}\n`);
}

function meta(format: 'deb' | 'rpm', app: string, version: string, pythonVersion: string): PackageMetadata {
  const spec = {
    name: 'deploy test', app, version, runtime_deps: [], fpm_args: ['--license', 'MIT', '--url', 'https://example.com/myapp'], packager: 'native', config_dir: '/nonexistent',
    compile_python: false, python_basedir: '/usr', package_install_root: '/opt',
    systemd_units: ['deploy/myapp.service'], config_files: {'/etc/myapp/config.toml': 'deploy/config.toml'}, profile: {format},
  } satisfies Parameters<typeof packageMetadata>[0];
  return packageMetadata(spec, {sourceDateEpoch: 1700000000, readScript: () => '', pythonVersion, architecture: 'all', compression: {algorithm: 'xz', level: 0}});
}

let dir: string;
const write = async (p: NativePackager, m: PackageMetadata, tree: string) => {
  const out = join(dir, `${tree}-${p.fileName(m)}`);
  await writePackage(p, m, fixtureSource(join(dir, tree)), out);
  return out;
};
beforeAll(async () => {
  dir = await tempDir('vdist-deploy-test-');
  await makeTree(join(dir, 'v1'), '1.0', '1');
  await makeTree(join(dir, 'v2'), '2.0', '2');
  // Another package with a command of the same name.
  await mkdir(join(dir, 'clash/usr/bin'), {recursive: true});
  await symlink('/opt/otherapp/bin/myapp', join(dir, 'clash/usr/bin/myapp'));
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

const lintSkip = await unavailable(['lintian', '--version']);
describe.skipIf(lintSkip)('deployment parts in a .deb', () => {
  it('depends on the pinned python3, lists the conffile, and lintian finds no errors', async () => {
    const deb = await write(debPackager, meta('deb', 'myapp', '1.0', '3.11'), 'v1');
    const info = (await execa('dpkg-deb', ['--info', deb])).stdout;
    expect(info).toContain('Depends: python3 (>= 3.11), python3 (<< 3.12)');
    expect((await execa('dpkg-deb', ['--ctrl-tarfile', deb]).pipe('tar', ['-xO', './conffiles'])).stdout).toBe('/etc/myapp/config.toml');
    const contents = (await execa('dpkg-deb', ['--contents', deb])).stdout;
    expect(contents).toMatch(/\.\/usr\/bin\/myapp -> \/opt\/myapp\/bin\/myapp/);
    expect(contents).toContain('./usr/lib/systemd/system/myapp.service');
    expect(await lintianErrors(deb, WITHOUT_PROJECT)).toEqual([]);
  });
});

const podmanSkip = await engineSkipReason('podman', ['podman', 'image', 'exists', IMAGE]);
describe.skipIf(podmanSkip)('a .deb with deployment parts in a fresh container, with apt', () => {
  it('puts myapp on PATH with its interpreter, enables the unit without systemd, keeps an edited config across an upgrade, and purges', async () => {
    const v1 = await write(debPackager, meta('deb', 'myapp', '1.0', '3.11'), 'v1');
    const v2 = await write(debPackager, meta('deb', 'myapp', '2.0', '3.11'), 'v2');
    const other = await write(debPackager, meta('deb', 'otherapp', '1.0', '3.11'), 'clash');
    const name = `vdist-test-deploy-${process.pid}`;
    await execa('podman', ['run', '-d', '--name', name, '--label', 'vdist=test', IMAGE, 'sleep', '900']);
    try {
      const sh = async (script: string) => (await execa('podman', ['exec', '-e', 'DEBIAN_FRONTEND=noninteractive', name, 'sh', '-c', script])).stdout;
      for (const [file, as] of [[v1, 'v1.deb'], [v2, 'v2.deb'], [other, 'other.deb']]) await execa('podman', ['cp', file!, `${name}:/tmp/${as}`]);
      await sh('apt-get update -q >/dev/null');
      // The python3 dependency is what makes myapp run on a minimal image.
      await sh('apt-get install -y -q /tmp/v1.deb');
      expect(await sh('command -v myapp && myapp')).toBe('/usr/bin/myapp\nmyapp 1.0');
      // Enabled on disk though systemd does not run here (bookworm's helper links through /lib, the same directory).
      expect(await sh('ls /usr/lib/systemd/system/myapp.service; readlink /etc/systemd/system/multi-user.target.wants/myapp.service')).toMatch(
        /^\/usr\/lib\/systemd\/system\/myapp\.service\n(\/usr)?\/lib\/systemd\/system\/myapp\.service$/,
      );

      // Another package may not take over myapp's command.
      const clash = await execa('podman', ['exec', name, 'dpkg', '-i', '/tmp/other.deb'], {reject: false});
      expect(clash.exitCode).not.toBe(0);
      expect(clash.stderr).toMatch(/trying to overwrite '\/usr\/bin\/myapp', which is also in package myapp/);

      await sh('echo "setting = \\"mine\\"" > /etc/myapp/config.toml');
      await sh('apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold /tmp/v2.deb');
      expect(await sh('myapp; cat /etc/myapp/config.toml /etc/myapp/config.toml.dpkg-dist')).toBe('myapp 2.0\nsetting = "mine"\nsetting = 2');
      expect(await sh('test -L /etc/systemd/system/multi-user.target.wants/myapp.service && echo enabled')).toBe('enabled');

      await sh('apt-get remove -y -q myapp');
      expect(await sh('ls /usr/bin/myapp /usr/lib/systemd/system/myapp.service 2>&1 || true')).toMatch(/No such file[\s\S]*No such file/);
      expect(await sh('cat /etc/myapp/config.toml')).toBe('setting = "mine"');
      await sh('apt-get purge -y -q myapp');
      expect(await sh('ls /etc/myapp /etc/systemd/system/multi-user.target.wants/myapp.service 2>&1 || true')).toMatch(/No such file[\s\S]*No such file/);
      expect(await sh('ls /var/lib/systemd/deb-systemd-helper-enabled/ 2>/dev/null | grep myapp || echo "no state"')).toBe('no state');
    } finally {
      await execa('podman', ['rm', '-f', '-t', '0', name], {reject: false});
    }
  });
});

// An image with systemd (and python3) installed, made once from the base image and kept, so
// the service's own life can be watched: podman runs systemd as the container's init.
const SYSTEMD_IMAGE = 'localhost/vdist-test-systemd:bookworm';
async function systemdImage(): Promise<void> {
  if ((await execa('podman', ['image', 'exists', SYSTEMD_IMAGE], {reject: false})).exitCode === 0) return;
  const name = `vdist-test-systemd-prep-${process.pid}`;
  await execa('podman', ['run', '-d', '--name', name, '--label', 'vdist=test', IMAGE, 'sleep', '900']);
  try {
    await execa('podman', ['exec', '-e', 'DEBIAN_FRONTEND=noninteractive', name, 'sh', '-c', 'apt-get update -q && apt-get install -y -q --no-install-recommends systemd systemd-sysv python3']);
    await execa('podman', ['commit', '-q', name, SYSTEMD_IMAGE]);
  } finally {
    await execa('podman', ['rm', '-f', '-t', '0', name], {reject: false});
  }
}

describe.skipIf(podmanSkip)('a .deb with a unit where systemd runs', () => {
  it('enables and starts the service on install, restarts it on upgrade, stops it on remove', async () => {
    await systemdImage();
    const v1 = await write(debPackager, meta('deb', 'myapp', '1.0', '3.11'), 'v1');
    const v2 = await write(debPackager, meta('deb', 'myapp', '2.0', '3.11'), 'v2');
    const name = `vdist-test-deploy-systemd-${process.pid}`;
    await execa('podman', ['run', '-d', '--name', name, '--label', 'vdist=test', '--systemd=always', SYSTEMD_IMAGE, '/lib/systemd/systemd']);
    try {
      const sh = async (script: string) => (await execa('podman', ['exec', name, 'sh', '-c', script], {reject: false})).stdout;
      // Not /tmp: with --systemd=always it is a tmpfs, which would hide what podman cp writes.
      for (const [file, as] of [[v1, 'v1.deb'], [v2, 'v2.deb']]) await execa('podman', ['cp', file!, `${name}:/root/${as}`]);
      // Bounded wait for systemd to come up.
      for (let i = 0; i < 30 && !/running|degraded/.test(await sh('systemctl is-system-running')); i++) await new Promise((r) => setTimeout(r, 1000));
      await sh('dpkg -i /root/v1.deb');
      expect(await sh('systemctl is-enabled myapp.service; systemctl is-active myapp.service')).toBe('enabled\nactive');
      await sh('dpkg -i /root/v2.deb');
      expect(await sh('systemctl is-active myapp.service; sleep 1; cat /var/lib/myapp-starts')).toBe('active\nmyapp 1.0\nmyapp 2.0');
      await sh('dpkg -r myapp');
      expect(await sh('systemctl is-active myapp.service')).not.toBe('active');
      expect(await sh('cat /var/lib/myapp-starts')).toBe('myapp 1.0\nmyapp 2.0');
    } finally {
      await execa('podman', ['rm', '-f', '-t', '0', name], {reject: false});
    }
  });
});

const rpmSkip = await unavailable(['rpm', '--version']);
describe.skipIf(rpmSkip)('deployment parts in an .rpm', () => {
  it('requires python(abi), marks %config(noreplace), and an upgrade leaves .rpmnew beside an edited config', async () => {
    const v1 = await write(rpmPackager, meta('rpm', 'myapp', '1.0', '3.9'), 'v1');
    const v2 = await write(rpmPackager, meta('rpm', 'myapp', '2.0', '3.9'), 'v2');
    const q = async (...args: string[]) => (await execa('rpm', [...args, v1])).stdout;
    expect(await q('-qp', '--requires')).toMatch(/^python\(abi\) = 3\.9$/m);
    expect(await q('-qpc')).toBe('/etc/myapp/config.toml');
    expect(await q('-qp', '--scripts')).toMatch(/systemctl --no-reload enable 'myapp\.service'/);
    expect(await q('-qlvp')).toMatch(/\/usr\/bin\/myapp -> \/opt\/myapp\/bin\/myapp/);
    expect(await rpmlintErrors(v1)).toEqual([]);

    const root = join(dir, 'rpmroot');
    const rpm = (...args: string[]) => execa('rpm', [...args, '--root', root, '--dbpath', join(root, 'rpmdb'), '--nodeps', '--noscripts']);
    await rpm('-i', v1);
    await writeFile(join(root, 'etc/myapp/config.toml'), 'setting = "mine"\n');
    await rpm('-U', v2);
    expect(await readFile(join(root, 'etc/myapp/config.toml'), 'utf8')).toBe('setting = "mine"\n');
    expect(await readFile(join(root, 'etc/myapp/config.toml.rpmnew'), 'utf8')).toBe('setting = 2\n');
  });
});

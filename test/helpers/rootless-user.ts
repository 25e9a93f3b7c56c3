import {chown, mkdir, writeFile} from 'node:fs/promises';
import {execa} from 'execa';

/** The unprivileged user the rootless tests run podman as. */
export const ROOTLESS_USER = 'vdist-rootless';

/**
 * Make sure the rootless test user exists with subuid/subgid ranges (useradd
 * adds them), the vfs storage driver, and a runtime dir; returns the argv
 * prefix that runs podman as that user.
 */
export async function rootlessPodmanCommand(containersConf: string): Promise<string[]> {
  const exists = await execa('id', ['-u', ROOTLESS_USER], {reject: false});
  if (exists.exitCode !== 0) await execa('useradd', ['-m', ROOTLESS_USER], {timeout: 30_000});
  const uid = Number((await execa('id', ['-u', ROOTLESS_USER])).stdout.trim());
  const gid = Number((await execa('id', ['-g', ROOTLESS_USER])).stdout.trim());
  const home = `/home/${ROOTLESS_USER}`;
  await mkdir(`${home}/.config/containers`, {recursive: true});
  // overlay needs fuse-overlayfs or a new kernel for rootless; vfs always works.
  await writeFile(`${home}/.config/containers/storage.conf`, '[storage]\ndriver = "vfs"\n');
  for (const p of [`${home}/.config`, `${home}/.config/containers`, `${home}/.config/containers/storage.conf`]) await chown(p, uid, gid);
  const runDir = `/tmp/vdist-rootless-run-${uid}`;
  await mkdir(runDir, {recursive: true, mode: 0o700});
  await chown(runDir, uid, gid);
  return ['runuser', '-u', ROOTLESS_USER, '--', 'env', `HOME=${home}`, `XDG_RUNTIME_DIR=${runDir}`, `CONTAINERS_CONF=${containersConf}`, 'podman'];
}

/** Import the bookworm rootfs into the user's own storage unless it is there already. */
export async function importRootfsAsUser(command: string[], rootfsTar: string, image: string): Promise<void> {
  const [file, ...prefix] = command;
  const has = await execa(file!, [...prefix, 'image', 'exists', image], {reject: false, timeout: 60_000});
  if (has.exitCode === 0) return;
  await execa(file!, [...prefix, 'import', '-', image], {inputFile: rootfsTar, timeout: 300_000});
}

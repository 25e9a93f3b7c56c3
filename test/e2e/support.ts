import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {execa} from 'execa';
import {BOOKWORM_IMAGE, CONTAINERS_CONF} from '../helpers/engines.js';
import {REPO_ROOT} from '../helpers/pyindex.js';

export {BOOKWORM_IMAGE, CONTAINERS_CONF};
process.env.CONTAINERS_CONF = CONTAINERS_CONF;

/** Runs podman with the test's containers.conf. */
export function podman(args: string[], options: {input?: string; timeout?: number; inputFile?: string} = {}) {
  return execa('podman', args, {
    env: {CONTAINERS_CONF},
    reject: false,
    timeout: options.timeout ?? 300_000,
    ...(options.inputFile ? {inputFile: options.inputFile} : {input: options.input}),
  });
}

/** Runs the built CLI (`npm run build` first: it runs from lib/). */
export function runVdist(args: string[], options: {cwd: string; env?: Record<string, string>; timeout?: number}) {
  return execa(process.execPath, [join(REPO_ROOT, 'bin/run.js'), ...args], {
    cwd: options.cwd,
    env: {CONTAINERS_CONF, ...options.env},
    reject: false,
    timeout: options.timeout ?? 20 * 60_000,
  });
}

export {exampleProject, exampleToml} from '../helpers/example-project.js';

/** Containers carrying the vdist label and this build name (what a run may have left behind). */
export async function containersOfBuild(build: string): Promise<string[]> {
  const r = await podman(['ps', '--all', '--filter', `label=vdist.build=${build}`, '--format', '{{.Names}}']);
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Installs a .deb in a fresh container of the bookworm image with apt (so its
 * dependencies resolve from the mirror), then runs `script` with sh -c there.
 * The container is removed afterwards, whatever happened.
 */
export async function installAndRun(debFile: string, script: string): Promise<{exitCode: number | undefined; output: string}> {
  const name = `vdist-e2e-install-${process.pid}-${Date.now()}`;
  const created = await podman(['run', '--detach', '--name', name, '--label', 'vdist-e2e=true', '--network', 'host', '--entrypoint', 'sleep', BOOKWORM_IMAGE, 'infinity']);
  if (created.exitCode !== 0) throw new Error(`podman run failed: ${created.stderr}`);
  try {
    const copied = await podman(['cp', debFile, `${name}:/tmp/${basename(debFile)}`]);
    if (copied.exitCode !== 0) throw new Error(`podman cp failed: ${copied.stderr}`);
    const r = await podman(['exec', '--env', 'DEBIAN_FRONTEND=noninteractive', name, 'sh', '-c', script.replaceAll('$DEB', `/tmp/${basename(debFile)}`)], {timeout: 600_000});
    return {exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}`};
  } finally {
    await podman(['rm', '--force', '--time', '0', name], {timeout: 120_000});
  }
}

/** Lists a .deb's files and reads its control fields with dpkg-deb. */
export async function debInfo(debFile: string): Promise<{depends: string[]; files: string[]}> {
  const depends = (await execa('dpkg-deb', ['-f', debFile, 'Depends'])).stdout;
  // `dpkg-deb -c` lines: mode owner size date time path [-> target]
  const listing = (await execa('dpkg-deb', ['-c', debFile], {maxBuffer: 512 * 1024 * 1024})).stdout;
  const files = listing
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/).slice(5).join(' ').replace(/ -> .*$/, ''));
  return {depends: depends.split(',').map((d) => d.trim()).filter(Boolean), files};
}

/** Files in the .deb whose content (binary files included) holds `text`. */
export async function packagedFilesContaining(debFile: string, text: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-deb-'));
  try {
    await execa('dpkg-deb', ['-x', debFile, dir]);
    const r = await execa('grep', ['-rlF', '--', text, dir], {reject: false});
    return r.stdout.split('\n').filter(Boolean).map((f) => f.slice(dir.length));
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

/** Files in the .deb that name a build path (/vdist/...): there must be none. */
export const buildPathsIn = (debFile: string) => packagedFilesContaining(debFile, '/vdist/');

/**
 * A shell snippet that checks every .pyc under `appDir` the way the import
 * system does (PEP 552: the source hash for hash-based files, the mtime and
 * size for the others) and prints `pyc checked: N stale: M` and the first
 * stale files.
 */
export function pycCheck(appDir: string): string {
  return `${appDir}/bin/python - <<'PY'
import importlib.util, os
checked, stale = 0, []
for d, _, names in os.walk('${appDir}'):
    for n in names:
        if not n.endswith('.pyc') or os.path.basename(d) != '__pycache__':
            continue
        pyc = os.path.join(d, n)
        try:
            src = importlib.util.source_from_cache(pyc)
        except ValueError:
            continue
        if not os.path.exists(src):
            continue
        head = open(pyc, 'rb').read(16)
        if int.from_bytes(head[4:8], 'little') & 1:
            ok = head[8:16] == importlib.util.source_hash(open(src, 'rb').read())
        else:
            st = os.stat(src)
            ok = head[8:16] == (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, 'little') + (st.st_size & 0xFFFFFFFF).to_bytes(4, 'little')
        checked += 1
        if not ok:
            stale.append(pyc)
print('pyc checked:', checked, 'stale:', len(stale), *stale[:5])
PY`;
}

/** Imports the example app, its C extension and most of pip as root: what would rewrite stale .pyc files. */
export function importAsRoot(appDir: string): string {
  return `${appDir}/bin/python -c 'import vdist_example, fastsum, pip._internal.cli.main, pip._internal.commands.install; print("imported as", __import__("os").getuid())'`;
}

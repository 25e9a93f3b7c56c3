import {mkdir, mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {PIP_CACHE_DIR} from '../src/core/cache/pip-cache.js';
import {planCache} from '../src/core/cache/key.js';
import {loadConfig} from '../src/core/config/load.js';

/** Seconds of each hand-run step. */
export interface FloorPhases {
  total: number;
  engineStart: number;
  copyIn: number;
  script: number;
  treeOut: number;
  packaging: number;
  engineStop: number;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * The floor of a warm rebuild: the same steps vdist takes, run by hand with
 * podman and dpkg-deb, in the cached image vdist made: start a container, tar
 * the source and pip's cache in, run the build stage of the rendered script,
 * tar the install tree out, `dpkg-deb` it with vdist's codec, remove the container.
 */
export async function floorBuild(options: {configFile: string; image: string; pipCache: string; sourceDir: string; codec: string[]}): Promise<FloorPhases> {
  const spec = loadConfig(options.configFile, {}).builds[0]!;
  const script = planCache(spec)!.buildScript;
  const work = await mkdtemp(join(tmpdir(), 'vdist-floor-'));
  const podman = (args: string[], extra: Record<string, unknown> = {}) => execa('podman', args, {env: {CONTAINERS_CONF: process.env.CONTAINERS_CONF}, ...extra});
  const t: number[] = [performance.now()];
  const mark = () => t.push(performance.now());
  let id = '';
  try {
    id = (await podman(['run', '--detach', '--label', 'vdist-bench=floor', '--network', 'host', '--entrypoint', 'sleep', options.image, 'infinity'])).stdout.trim();
    mark();
    await execa('tar', ['-c', '-f', join(work, 'src.tar'), '-C', options.sourceDir, '.']);
    await writeFile(join(work, 'build.sh'), script);
    await podman(['exec', id, 'mkdir', '-p', '/vdist/src', PIP_CACHE_DIR]);
    await podman(['exec', '--interactive', id, 'tar', '-x', '-C', '/vdist/src', '-f', '-'], {inputFile: join(work, 'src.tar')});
    if (await stat(options.pipCache).catch(() => undefined)) await podman(['exec', '--interactive', id, 'tar', '-x', '-C', PIP_CACHE_DIR, '-f', '-'], {inputFile: options.pipCache});
    await podman(['exec', '--interactive', id, 'sh', '-c', 'cat > /vdist/build.sh'], {inputFile: join(work, 'build.sh')});
    mark();
    await podman(['exec', '--env', 'SOURCE_DATE_EPOCH=1700000000', '--env', `PIP_CACHE_DIR=${PIP_CACHE_DIR}`, id, 'bash', '/vdist/build.sh']);
    mark();
    const root = join(work, 'root');
    await mkdir(join(root, 'DEBIAN'), {recursive: true});
    const installDir = join(spec.package_install_root, spec.app).slice(1);
    // Not buffered: execa would stop the source at its 100 MB maxBuffer (the own-CPython tree is larger).
    await podman(['exec', id, 'tar', '-c', '-C', '/', installDir], {buffer: false}).pipe('tar', ['-x', '-C', root]);
    mark();
    await writeFile(join(root, 'DEBIAN/control'), `Package: ${spec.app}\nVersion: ${spec.version}\nArchitecture: amd64\nMaintainer: bench <bench@example.com>\nDescription: floor\n`);
    await execa('dpkg-deb', [...options.codec, '--root-owner-group', '--build', root, join(work, 'out.deb')]);
    mark();
  } finally {
    if (id) await podman(['rm', '--force', '--time', '0', id], {reject: false});
    mark();
    await rm(work, {recursive: true, force: true});
  }
  const d = (i: number) => seconds(t[i + 1]! - t[i]!);
  return {total: seconds(t.at(-1)! - t[0]!), engineStart: d(0), copyIn: d(1), script: d(2), treeOut: d(3), packaging: d(4), engineStop: d(5)};
}

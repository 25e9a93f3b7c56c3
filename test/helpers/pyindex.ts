import {createReadStream} from 'node:fs';
import {cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join, normalize, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {cpythonTarball} from './cpython-tarball.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, found from this file (never a fixed /work path). */
export const REPO_ROOT = resolve(here, '../..');
export const BUILD_INDEX_SCRIPT = join(REPO_ROOT, 'test/fixtures/python/build-index.sh');
export const EXAMPLE_APP = join(REPO_ROOT, 'examples/vdist-example');
export const FASTSUM = join(REPO_ROOT, 'examples/fastsum');
const DEBIAN_WHEELS = '/usr/share/python-wheels';

/** A copy of examples/fastsum as release `version` (a temp dir: remove it after), for an index with several releases. */
export async function fastsumRelease(version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `vdist-fastsum-${version}-`));
  await cp(FASTSUM, dir, {recursive: true});
  const pyproject = join(dir, 'pyproject.toml');
  await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace(/^version = ".*"$/m, `version = "${version}"`));
  return dir;
}

/** A PEP 503 index served on 127.0.0.1, for builds that cannot reach PyPI. */
export interface PyIndex {
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** `http://127.0.0.1:PORT/simple/`: pip's --index-url. */
  indexUrl: string;
  /** The served directory. */
  root: string;
  /** Serve a host file at `urlPath` (e.g. a CPython tarball at /python/3.11.2/Python-3.11.2.tgz). */
  addFile(urlPath: string, file: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds an index of the given projects' sdists with build-index.sh, plus
 * what pip's build isolation needs: upstream setuptools (the wheel CPython
 * bundles; Debian's is patched for Debian's Python only) and Debian's wheel
 * wheel, and `options.wheels` (more .whl files to serve). Serves it from
 * this process on 127.0.0.1 only, on a free port.
 */
export async function startPyIndex(projects: string[] = [FASTSUM], options: {wheels?: string[]} = {}): Promise<PyIndex> {
  const {setuptoolsWheel} = await cpythonTarball();
  const wheel = (await readdir(DEBIAN_WHEELS)).find((f) => /^wheel-.*\.whl$/.test(f));
  if (!wheel) throw new Error(`no wheel-*.whl in ${DEBIAN_WHEELS}: apt-get install python3-wheel-whl (scripts/setup-host.sh does)`);
  const root = await mkdtemp(join(tmpdir(), 'vdist-pyindex-'));
  await execa(BUILD_INDEX_SCRIPT, [root, ...projects], {timeout: 120_000, env: {VDIST_INDEX_WHEELS: [setuptoolsWheel, join(DEBIAN_WHEELS, wheel), ...(options.wheels ?? [])].join(':')}});
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path);
    if (req.method !== 'GET' || (file !== root && !file.startsWith(root + sep))) {
      res.writeHead(404).end();
      return;
    }
    stat(file)
      .then(async (st) => (st.isDirectory() ? join(file, 'index.html') : file))
      .then(async (target) => {
        const st = await stat(target);
        res.writeHead(200, {'content-length': st.size, 'content-type': target.endsWith('.html') ? 'text/html' : 'application/octet-stream'});
        createReadStream(target).pipe(res);
      })
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const {port} = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    indexUrl: `${baseUrl}/simple/`,
    root,
    async addFile(urlPath, file) {
      const dest = join(root, urlPath);
      await mkdir(dirname(dest), {recursive: true});
      await symlink(file, dest);
    },
    stop: () => stopServer(server).finally(() => rm(root, {recursive: true, force: true})),
  };
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((ok) => server.close(() => ok()));
}

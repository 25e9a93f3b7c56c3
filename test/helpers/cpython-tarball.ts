import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {readdir} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The CPython version the compile_python tests build: the one Debian bookworm ships the source of. */
export const TEST_PYTHON_VERSION = '3.11.2';

/** Where the tarball is kept between runs: $VDIST_TEST_CACHE, else /var/cache/vdist-test. */
export const TEST_CACHE_DIR = process.env.VDIST_TEST_CACHE ?? '/var/cache/vdist-test';

/**
 * Python-3.11.2.tgz, fetched once from the Debian mirror the host already
 * uses (python.org is unreachable here) and cached. Returns its path, its
 * sha256, and the upstream setuptools wheel it bundles (which, unlike
 * Debian's patched one, also works under a self-compiled CPython).
 */
export async function cpythonTarball(): Promise<{file: string; version: string; sha256: string; setuptoolsWheel: string}> {
  const script = join(REPO_ROOT, 'test/fixtures/python/fetch-cpython-source.sh');
  const {stdout} = await execa(script, [join(TEST_CACHE_DIR, 'cpython')], {timeout: 300_000});
  const file = stdout.trim().split('\n').pop()!;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const wheels = join(dirname(file), 'wheels');
  const setuptools = (await readdir(wheels)).find((f) => f.startsWith('setuptools-') && f.endsWith('.whl'));
  if (!setuptools) throw new Error(`no setuptools wheel in ${wheels}`);
  return {file, version: TEST_PYTHON_VERSION, sha256: hash.digest('hex'), setuptoolsWheel: join(wheels, setuptools)};
}

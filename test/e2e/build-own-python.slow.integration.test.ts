import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cpythonTarball} from '../helpers/cpython-tarball.js';
import {engineSkipReason} from '../helpers/engines.js';
import {lintianErrors, OWN_CPYTHON} from '../helpers/lint.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, buildPathsIn, CONTAINERS_CONF, containersOfBuild, debInfo, exampleProject, exampleToml, importAsRoot, installAndRun, pycCheck, runVdist} from './support.js';

// SLOW (compiles CPython: about 5 minutes on 2 cores). The file name carries
// `.slow.` so a fast subset can leave it out:
//   npx vitest run --project integration --exclude '**/*.slow.integration.test.ts'
// CI runs it. compile_python = true with the CPython tarball served from
// loopback; the package must then run on a machine with no python3 at all.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

const BUILD = 'example-own-python';

describe.skipIf(skip)('vdist build: the example app on debian-bookworm with its own CPython [slow]', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let run: Awaited<ReturnType<typeof runVdist>>;
  let summary: {exitCode: number; builds: Array<Record<string, unknown>>};
  let python: Awaited<ReturnType<typeof cpythonTarball>>;

  beforeAll(async () => {
    python = await cpythonTarball();
    index = await startPyIndex();
    await index.addFile(`/python/${python.version}/Python-${python.version}.tgz`, python.file);
    project = await exampleProject(
      exampleToml(
        BUILD,
        `
compile_python = true
compile_python_version = "${python.version}"
python_mirror = "${index.baseUrl}/python"
pip_args = "--index-url ${index.indexUrl}"
`,
      ),
    );
    run = await runVdist(['build', '--json'], {cwd: project.dir});
    summary = JSON.parse(run.stdout);
  });

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
  });

  it('builds successfully', () => {
    expect(run.exitCode, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(summary.builds[0]).toMatchObject({build: BUILD, status: 'ok'});
  });

  it('ships CPython inside the install dir and depends on the libraries it links, found automatically', async () => {
    const {depends, files} = await debInfo(summary.builds[0]!.packageFile as string);
    expect(files).toContain('./opt/vdist-example/python/bin/python3.11');
    expect(files).toContain('./opt/vdist-example/bin/vdist-example');
    expect(files.some((f) => f.includes('/python3.11/test/'))).toBe(false);
    const names = depends.map((d) => d.split(' ')[0]);
    expect(names).toEqual(expect.arrayContaining(['libc6', 'libssl3', 'libffi8', 'zlib1g', 'libsqlite3-0', 'liblzma5', 'libbz2-1.0']));
    expect(names).not.toContain('python3');
    // Each with the minimum version dpkg-shlibdeps would compute from the build container's symbols files.
    expect(summary.builds[0]!.addedDeps).toEqual(expect.arrayContaining([expect.stringMatching(/^libssl3 \(>= 3\.[\d.~]+\)$/), expect.stringMatching(/^zlib1g \(>= 1:1\.[\d.]+\)$/)]));
  });

  it('ships a lean CPython: one byte-code level, no IDLE, no bundled wheels, no second pip, no headers', async () => {
    const {files} = await debInfo(summary.builds[0]!.packageFile as string);
    const stdlib = './opt/vdist-example/python/lib/python3.11/';
    expect(files).toContain(`${stdlib}venv/__init__.py`);
    expect(files).toContain(`${stdlib}__pycache__/os.cpython-311.pyc`);
    expect(files.filter((f) => /\.opt-[12]\.pyc$/.test(f))).toEqual([]);
    for (const gone of ['idlelib/', 'turtledemo/', 'lib2to3/', 'ensurepip/_bundled/', 'tkinter/']) {
      expect(files.filter((f) => f.startsWith(stdlib + gone)), gone).toEqual([]);
    }
    expect(files.filter((f) => f.startsWith('./opt/vdist-example/python/include/') || /\/libpython3[^/]*\.a$/.test(f))).toEqual([]);
    expect(files).toContain(`${stdlib}ensurepip/__init__.py`);
    // pip lives in the virtualenv only, not a second time in the interpreter.
    expect(files.filter((f) => f.startsWith(`${stdlib}site-packages/pip`) || f.startsWith('./opt/vdist-example/python/bin/pip'))).toEqual([]);
    expect(files).toContain('./opt/vdist-example/lib/python3.11/site-packages/pip/__init__.py');
    // No seed setuptools in the virtualenv: nothing the example installs requires it.
    expect(files.filter((f) => /\/site-packages\/(setuptools|pkg_resources|_distutils_hack)\//.test(f))).toEqual([]);
  });

  it('leaves no build path (/vdist/...) in any packaged file', async () => {
    expect(await buildPathsIn(summary.builds[0]!.packageFile as string)).toEqual([]);
  });

  it('raises no lintian error beyond the accepted ones, its own CPython included', async () => {
    expect(await lintianErrors(summary.builds[0]!.packageFile as string, OWN_CPYTHON)).toEqual([]);
  });

  it('runs on a fresh machine with no python3, no compiler and no -dev packages', async () => {
    const {exitCode, output} = await installAndRun(
      summary.builds[0]!.packageFile as string,
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" >/dev/null
if command -v python3 || command -v gcc || dpkg-query -W -f '\${Package}\\n' | grep -E -- '-dev$|^python3'; then echo "unexpected packages present"; exit 9; fi
/opt/vdist-example/bin/vdist-example 10
/opt/vdist-example/bin/python -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid, readline; print("stdlib extensions load:", ssl.OPENSSL_VERSION)'
/opt/vdist-example/python/bin/python3 -m venv --without-pip /tmp/venv && /tmp/venv/bin/python -c 'print("venv works")'
/opt/vdist-example/bin/pip --version
${importAsRoot('/opt/vdist-example')}
${pycCheck('/opt/vdist-example')}
echo "dpkg --verify: [$(dpkg --verify vdist-example)]"`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('vdist-example 0.1.0: sum(1..10) = 55');
    expect(output).toContain('python 3.11.2 at /opt/vdist-example/bin/python');
    expect(output).toMatch(/fastsum C extension: \/opt\/vdist-example\/lib\/python3\.11\/site-packages\/fastsum/);
    expect(output).toMatch(/stdlib extensions load: OpenSSL 3/);
    expect(output).toContain('venv works');
    expect(output).toMatch(/^pip \d+/m);
    // The standard library's byte-code too: valid as shipped, untouched by an import as root.
    expect(output).toMatch(/pyc checked: [1-9]\d{3,} stale: 0/);
    expect(output).toContain('dpkg --verify: []');
  });

  it('removed its build container', async () => {
    expect(await containersOfBuild(BUILD)).toEqual([]);
  });

  it('a second build with other build_deps reuses the cached CPython level: no second compile', async () => {
    const first = summary.builds[0]!.cache as {levels: Array<{level: string; key: string}>};
    const file = join(project.dir, 'vdist.toml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('compile_python = true', 'compile_python = true\nbuild_deps = ["libyaml-dev"]'));
    const again = await runVdist(['build', '--json'], {cwd: project.dir});
    expect(again.exitCode, again.stderr.slice(-3000)).toBe(0);
    const cache = (JSON.parse(again.stdout) as typeof summary).builds[0]!.cache as {levels: Array<Record<string, string>>};
    expect(cache.levels[0]).toMatchObject({level: 'python', key: first.levels[0]!.key, status: 'hit'});
    expect(cache.levels[1]).toMatchObject({level: 'deps'});
    expect(await readFile(join(project.dir, 'dist/logs', `${BUILD}.log`), 'utf8')).not.toContain('provisioning the python level');
  }, 900_000);
});

import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {PIUPARTS_TIMEOUT, piupartsSkipReason, runPiuparts} from '../helpers/piuparts.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {DPKG_SHLIBDEPS_SH, isLibraryRelation, parseShlibsDepends} from '../helpers/shlibdeps.js';
import {BOOKWORM_IMAGE, buildPathsIn, CONTAINERS_CONF, containersOfBuild, debInfo, exampleProject, installAndRun, packagedFilesContaining, runVdist} from './support.js';

// The example app with the distribution's python3 (compile_python = false),
// built next to a broken build, two at once (--jobs 2): the good one must
// install and run in a fresh container, the broken one must fail with pip's
// own error and make the run exit 1. The good one is also a deployable unit
// (issue 10): no runtime_deps, so the python3 dependency is vdist's own; its
// console script goes on PATH, with a systemd unit and a config file. A third
// build names setuptools in its requirements, so it keeps the virtualenv's seed
// setuptools, which the good one leaves out (issue 9).
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});
const piupartsSkip = skip ?? (await piupartsSkipReason());

const GOOD = 'example-system-python';
const BROKEN = 'example-broken-requirement';
const KEEPS = 'example-setuptools-named';
/** A password in pip_args' index URL: it must show up nowhere. */
const SECRET = 's3cr3t-index-token';

describe.skipIf(skip)('vdist build: the example app on debian-bookworm with the system python3', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let run: Awaited<ReturnType<typeof runVdist>>;
  let summary: {exitCode: number; builds: Array<Record<string, unknown>>};

  beforeAll(async () => {
    index = await startPyIndex();
    project = await exampleProject(
      `
[vdist]
output_dir = "dist"
network = "host"

[defaults]
app = "vdist-example"
version = "0.1.0"
source = { directory = "app" }
profile = "debian-bookworm"
compile_python = false
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl.replace('http://', `http://vdist:${SECRET}@`)}"
smoke_command = "/opt/vdist-example/bin/vdist-example 10"

[[build]]
name = "${GOOD}"
systemd_units = ["deploy/vdist-example.service"]
config_files = { "/etc/vdist-example/config.toml" = "deploy/config.toml" }

[[build]]
name = "${BROKEN}"
app = "vdist-example-broken"
requirements_path = "requirements-broken.txt"

[[build]]
name = "${KEEPS}"
app = "vdist-example-st"
requirements_path = "requirements-setuptools.txt"
smoke_command = "/opt/vdist-example-st/bin/python -c 'import pkg_resources, setuptools; print(\\"setuptools\\", setuptools.__version__)'"
`,
      {
        'requirements-broken.txt': 'nosuchpkg-vdist==9.9\n',
        'requirements-setuptools.txt': 'fastsum==0.1.0\nsetuptools  # imported at run time\n',
        'deploy/vdist-example.service': '[Unit]\nDescription=vdist example\n\n[Service]\nExecStart=/usr/bin/vdist-example 10\n\n[Install]\nWantedBy=multi-user.target\n',
        'deploy/config.toml': 'n = 10\n',
      },
    );
    run = await runVdist(['build', '--jobs', '2', '--smoke', '--json'], {cwd: project.dir});
    summary = JSON.parse(run.stdout);
  });

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
  });

  it('exits 1 because one build failed, and reports both in the JSON summary', () => {
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(1);
    expect(summary.exitCode).toBe(1);
    expect(summary.builds.map((b) => [b.build, b.status])).toEqual([
      [GOOD, 'ok'],
      [BROKEN, 'failed'],
      [KEEPS, 'ok'],
    ]);
  });

  it('names the failing step and shows pip\'s error', () => {
    const broken = summary.builds[1]!;
    expect(broken.step).toBe('build');
    expect(broken.error).toMatch(/No matching distribution found for nosuchpkg-vdist==9\.9/);
    expect((broken.tail as string[]).join('\n')).toMatch(/nosuchpkg-vdist/);
    expect((broken.tail as string[]).length).toBeLessThanOrEqual(40);
  });

  it('ran the builds in parallel: their time ranges overlap', async () => {
    const logs = await readdir(join(project.dir, 'dist/logs'));
    expect(logs.sort()).toEqual([`${BROKEN}.log`, `${GOOD}.log`, `${KEEPS}.log`].sort());
    const total = summary.builds.reduce((sum, b) => sum + (b.durationMs as number), 0);
    // Serial builds would take the sum; parallel ones noticeably less.
    const wall = Math.max(...summary.builds.map((b) => b.durationMs as number));
    expect(wall).toBeLessThan(total);
  });

  it('writes a .deb that depends on python3 of the build\'s minor version plus the libraries found automatically', async () => {
    const good = summary.builds[0]!;
    expect(good.packageFile).toMatch(new RegExp(`^${join(project.dir, 'dist')}/vdist-example_0\\.1\\.0(-1)?_amd64\\.deb$`));
    // The libraries come with the minimum versions dpkg-shlibdeps computes (checked against it below).
    expect(good.addedDeps).toEqual(expect.arrayContaining([expect.stringMatching(/^libc6 \(>= 2\.\d+\)$/), expect.stringMatching(/^zlib1g \(>= 1:1\.[\d.]+\)$/)]));
    const {depends, files} = await debInfo(good.packageFile as string);
    expect(depends).toEqual(expect.arrayContaining(good.addedDeps as string[]));
    expect(depends.map((d) => d.split(' ')[0])).toEqual(expect.arrayContaining(['python3', 'libc6', 'zlib1g']));
    expect(depends).toEqual(expect.arrayContaining(['python3 (>= 3.11)', 'python3 (<< 3.12)']));
    expect(files).toContain('./opt/vdist-example/bin/vdist-example');
    const deployed = ['./etc/vdist-example/config.toml', './usr/bin/vdist-example', './usr/lib/systemd/system/vdist-example.service'];
    expect(files).toEqual(expect.arrayContaining(deployed));
    const parents = (f: string) => f.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`);
    // The package's own documents (issue 15): its changelog, and its copyright when the project names a license.
    const docs = files.filter((f) => f.startsWith('./usr/share/doc/vdist-example/') && f !== './usr/share/doc/vdist-example/');
    expect(docs).toContain('./usr/share/doc/vdist-example/changelog.gz');
    const allowed = new Set(['./', ...deployed, ...docs, ...[...deployed, ...docs].flatMap(parents)]);
    expect(files.filter((f) => !f.startsWith('./opt') && !allowed.has(f))).toEqual([]);
    expect(files.some((f) => /\/pip\/cache|\.cache\/pip/.test(f))).toBe(false);
  });

  it('leaves no build path (/vdist/...) in any packaged file', async () => {
    expect(await buildPathsIn(summary.builds[0]!.packageFile as string)).toEqual([]);
  });

  it('installs in a fresh container without compilers or -dev packages, and the console script runs its C extension from PATH', async () => {
    const {exitCode, output} = await installAndRun(
      summary.builds[0]!.packageFile as string,
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" >/dev/null
if command -v gcc || dpkg-query -W -f '\${Package}\\n' | grep -E -- '-dev$'; then echo "build tools present"; exit 9; fi
vdist-example 10
/opt/vdist-example/bin/python -m pip --version
if /opt/vdist-example/bin/python -c 'import setuptools' 2>/dev/null; then echo "setuptools present"; exit 8; fi
cat /etc/vdist-example/config.toml
readlink /etc/systemd/system/multi-user.target.wants/vdist-example.service`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('vdist-example 0.1.0: sum(1..10) = 55');
    expect(output).toMatch(/fastsum C extension: \/opt\/vdist-example\/lib\/python3\.\d+\/site-packages\/fastsum\.cpython-.*\.so/);
    expect(output).toMatch(/^pip \d+\.\d+.* from \/opt\/vdist-example\/lib\//m);
    expect(output).toContain('n = 10');
    expect(output).toMatch(/lib\/systemd\/system\/vdist-example\.service/);
  });

  it('depends on the library packages with the versions dpkg-shlibdeps computes for the same ELF files', async () => {
    const deb = summary.builds[0]!.packageFile as string;
    const ours = (await debInfo(deb)).depends.filter(isLibraryRelation).sort();
    // The build container is gone once the package is written: the same bookworm image with the package and
    // its libraries installed from the same mirror holds the same libraries and symbols files. dpkg-dev's
    // dpkg-shlibdeps reads the package's ELF files where they are installed.
    const {exitCode, output} = await installAndRun(
      deb,
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" dpkg-dev >/dev/null
set --
for f in $(find /opt/vdist-example -type f); do if [ "$(head -c 4 "$f" | tail -c 3)" = ELF ]; then set -- "$@" "$f"; fi; done
echo "ELF files: $*"
${DPKG_SHLIBDEPS_SH}`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/ELF files: \/opt\/vdist-example\/.*fastsum/);
    expect(ours).toEqual(parseShlibsDepends(output));
  });

  // Debian's own check (issue 24): install with its dependencies from the mirror, purge, and nothing appeared or disappeared (/opt included).
  it.skipIf(piupartsSkip)('passes piuparts\' install and purge test', {timeout: PIUPARTS_TIMEOUT + 60_000}, async () => {
    const result = await runPiuparts(summary.builds[0]!.packageFile as string);
    expect(result.tail).toContain('PASS: Installation and purging test.');
    expect(result.exitCode, result.tail).toBe(0);
  });

  it('leaves the virtualenv\'s seed setuptools out, and keeps it where the requirements name it', async () => {
    const site = (app: string) => `./opt/${app}/lib/python3.11/site-packages/`;
    const seed = (files: string[], app: string) =>
      files.filter((f) => ['setuptools/', 'pkg_resources/', '_distutils_hack/', 'distutils-precedence.pth'].some((p) => f.startsWith(site(app) + p)));
    const good = (await debInfo(summary.builds[0]!.packageFile as string)).files;
    expect(seed(good, 'vdist-example')).toEqual([]);
    expect(good).toContain(`${site('vdist-example')}pip/__init__.py`);
    const kept = (await debInfo(summary.builds[2]!.packageFile as string)).files;
    expect(kept).toEqual(expect.arrayContaining([`${site('vdist-example-st')}setuptools/__init__.py`, `${site('vdist-example-st')}pkg_resources/__init__.py`]));
    const log = async (build: string) => readFile(join(project.dir, 'dist/logs', `${build}.log`), 'utf8');
    expect(await log(GOOD)).toContain("left out the virtualenv's seed setuptools: no installed package requires it");
    expect(await log(KEEPS)).toContain("kept the virtualenv's setuptools: named by requirements-setuptools.txt");
    // Its smoke command imported pkg_resources and setuptools from the installed package.
    expect(await log(KEEPS)).toMatch(/setuptools \d+\.\d+/);
  });

  it('never shows the index password: not in output, logs or the package', async () => {
    expect(run.stdout).not.toContain(SECRET);
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).toContain('vdist:***@127.0.0.1');
    for (const log of await readdir(join(project.dir, 'dist/logs'))) {
      expect(await readFile(join(project.dir, 'dist/logs', log), 'utf8')).not.toContain(SECRET);
    }
    expect(await packagedFilesContaining(summary.builds[0]!.packageFile as string, SECRET)).toEqual([]);
  });

  it('removed every container it started, the smoke test\'s included', async () => {
    for (const build of [GOOD, BROKEN, KEEPS, `${GOOD}-smoke`, `${KEEPS}-smoke`]) expect(await containersOfBuild(build)).toEqual([]);
  });
});

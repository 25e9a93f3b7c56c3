import {createHash} from 'node:crypto';
import {mkdir, readdir, readFile, utimes, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execa} from 'execa';
import {engineSkipReason} from '../helpers/engines.js';
import {lintianErrors, rpmlintErrors} from '../helpers/lint.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, exampleProject, importAsRoot, installAndRun, pycCheck, runVdist} from './support.js';

// Two real `vdist build` runs of the example app (its fastsum dependency is an
// sdist with a C extension, compiled in each build), each in fresh containers,
// with no SOURCE_DATE_EPOCH: the .deb and the .rpm must be byte-identical and
// carry the source's date (its newest file), not 1980.
// The first provisions from scratch (--no-cache), the second starts from the
// provisioned image it cached: a cache hit must not change a byte. pip's cache
// is private to the project and left out by --no-cache, so both compile fastsum.
// Then the byte-code must be valid as shipped: installed, imported as root,
// and dpkg --verify / rpm -V report nothing, rpmlint no byte-code error.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

// Every file of the source dated OLDER, one NEWER: the packages must carry NEWER.
const OLDER = 1_690_000_000;
const NEWER = 1_700_000_000; // 2023-11-14T22:13:20Z
const NEWEST_FILE = 'vdist_example/cli.py';
const APP = '/opt/vdist-example';

/** Sets the mtime of every file and directory under `dir` (no symlinks in the example). */
async function dateTree(dir: string, seconds: number): Promise<void> {
  for (const e of await readdir(dir, {withFileTypes: true})) {
    if (e.isDirectory()) await dateTree(join(dir, e.name), seconds);
    await utimes(join(dir, e.name), seconds, seconds);
  }
}

describe.skipIf(skip)('vdist build: reproducible packages with byte-code valid as shipped', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  const runs: Array<{exitCode: number | undefined; stderr: string; builds: Array<Record<string, unknown>>}> = [];
  const file = (run: number, build: string) => runs[run]!.builds.find((b) => b.build === build)!.packageFile as string;
  const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

  beforeAll(async () => {
    index = await startPyIndex();
    // The rpm is written from the same bookworm tree: there is no rpm-family image here.
    project = await exampleProject(
      `
[vdist]
network = "host"
profiles_dir = "profiles"

[defaults]
app = "vdist-example"
version = "0.1.0"
source = { directory = "app" }
compile_python = false
runtime_deps = ["python3"]
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl}"

[[build]]
name = "repro-deb"
profile = "debian-bookworm"

[[build]]
name = "repro-rpm"
profile = "bookworm-rpm"
# Its library Requires are rpm's own capabilities (libz.so.1()(64bit)), not the Debian container's packages.
`,
    );
    await mkdir(join(project.dir, 'profiles'));
    const profile = {docker_image: BOOKWORM_IMAGE, script: 'debian.sh', format: 'rpm', family: 'debian'};
    await writeFile(join(project.dir, 'profiles/profiles.json'), JSON.stringify({'bookworm-rpm': profile}));
    await dateTree(join(project.dir, 'app'), OLDER);
    await utimes(join(project.dir, 'app', NEWEST_FILE), NEWER, NEWER);
    // An empty SOURCE_DATE_EPOCH is none: the date must come from the source, not from the runner's environment.
    const env = {SOURCE_DATE_EPOCH: '', VDIST_CACHE_DIR: join(project.dir, 'vdist-cache')};
    for (const [output, cache] of [['dist-a', ['--no-cache']], ['dist-b', []]] as const) {
      const r = await runVdist(['build', '--jobs', '2', '--json', '--output', output, ...cache], {cwd: project.dir, env});
      runs.push({exitCode: r.exitCode, stderr: r.stderr, builds: r.stdout ? (JSON.parse(r.stdout) as {builds: Array<Record<string, unknown>>}).builds : []});
    }
  });

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
  });

  it('built both packages twice', () => {
    for (const run of runs) {
      expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
      expect(run.builds.map((b) => [b.build, b.status])).toEqual([
        ['repro-deb', 'ok'],
        ['repro-rpm', 'ok'],
      ]);
    }
    expect(runs[1]!.builds.map((b) => (b.cache as {status: string}).status)).toEqual(['hit', 'hit']);
  });

  it('gives byte-identical .deb and .rpm files from the two builds', async () => {
    for (const build of ['repro-deb', 'repro-rpm']) {
      expect(await sha256(file(1, build)), `${build}: ${file(0, build)} vs ${file(1, build)}`).toBe(await sha256(file(0, build)));
    }
  });

  it("dates both packages by the source's newest file, not 1980: file mtimes, changelog, rpm build time, and says so in the build log", async () => {
    const log = await readFile(join(project.dir, 'dist-a', 'logs', 'repro-deb.log'), 'utf8');
    expect(log).toContain(`SOURCE_DATE_EPOCH=${NEWER} (2023-11-14T22:13:20Z, from the newest file: ${NEWEST_FILE})`);
    // `dpkg-deb -c`: mode owner size date time path; TZ=UTC so the dates are the package's own.
    const listing = (await execa('dpkg-deb', ['-c', file(0, 'repro-deb')], {env: {TZ: 'UTC'}, maxBuffer: 256 * 1024 * 1024})).stdout.split('\n').filter(Boolean);
    const dates = listing.map((line) => line.split(/\s+/).slice(3, 5).join(' '));
    expect(dates.length).toBeGreaterThan(100);
    expect(dates.every((d) => d <= '2023-11-14 22:13'), dates.filter((d) => d > '2023-11-14 22:13').slice(0, 5).join(', ')).toBe(true);
    expect(dates).toContain('2023-11-14 22:13');
    expect(dates.some((d) => d.startsWith('1980'))).toBe(false);
    // The changelog entry's trailer line: ` -- Maintainer  Tue, 14 Nov 2023 22:13:20 +0000`.
    const docs = (await execa('dpkg-deb', ['--fsys-tarfile', file(0, 'repro-deb')], {encoding: 'buffer', maxBuffer: 256 * 1024 * 1024})).stdout;
    const changelog = await execa('tar', ['-xO', '--wildcards', './usr/share/doc/vdist-example/changelog*.gz'], {input: docs, encoding: 'buffer'});
    expect(gunzipSync(changelog.stdout).toString()).toMatch(/^ -- .+ {2}Tue, 14 Nov 2023 22:13:20 \+0000$/m);
    const rpm = (await execa('rpm', ['-qp', '--qf', '%{BUILDTIME} %{CHANGELOGTIME}', file(0, 'repro-rpm')])).stdout;
    expect(rpm).toBe(`${NEWER} ${NEWER}`);
  });

  it('installs the .deb with apt; after importing as root every .pyc is still valid and dpkg --verify reports nothing', async () => {
    const {exitCode, output} = await installAndRun(
      file(0, 'repro-deb'),
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" >/dev/null
${importAsRoot(APP)}
${APP}/bin/vdist-example 3
${pycCheck(APP)}
echo "dpkg --verify: [$(dpkg --verify vdist-example)]"`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('imported as 0');
    expect(output).toMatch(/pyc checked: [1-9]\d{2,} stale: 0/);
    expect(output).toContain('dpkg --verify: []');
  });

  it('installs the .rpm with rpm; after importing as root every .pyc is still valid and rpm -V reports nothing', async () => {
    const {exitCode, output} = await installAndRun(
      file(0, 'repro-rpm'),
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends rpm python3 zlib1g >/dev/null
# Debian's rpm refuses to install without --force-debian; the dependencies are apt's here.
rpm -i --nodeps --force-debian "$DEB"
${importAsRoot(APP)}
${pycCheck(APP)}
echo "rpm -V: [$(rpm -V --nodeps vdist-example)]"`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('imported as 0');
    expect(output).toMatch(/pyc checked: [1-9]\d{2,} stale: 0/);
    expect(output).toContain('rpm -V: []');
  });

  it("requires the libraries rpm's own generator (elfdeps) says its ELF files need", async () => {
    const rpm = file(0, 'repro-rpm');
    const requires = (await execa('rpm', ['-qp', '--requires', rpm])).stdout.split('\n');
    const ours = requires.filter((r) => /\.so|^rtld\(/.test(r)).sort();
    // The payload unpacked with its modes: elfdeps reads only files with an execute bit, as in rpmbuild.
    const root = join(project.dir, 'rpm-payload');
    await mkdir(root);
    await execa('sh', ['-c', `rpm2cpio "$1" | cpio -idm --quiet --no-absolute-filenames`, 'sh', rpm], {cwd: root});
    const elf: string[] = [];
    for (const path of (await execa('find', [root, '-type', 'f'])).stdout.split('\n')) {
      if ((await readFile(path)).subarray(0, 4).toString('latin1') === '\x7fELF') elf.push(path);
    }
    const elfdeps = async (flag: string) => (await execa('/usr/lib/rpm/elfdeps', [flag], {input: `${elf.join('\n')}\n`})).stdout.split('\n').filter(Boolean);
    // What the package provides itself is not required from elsewhere (vdist writes no such Provides).
    const provided = new Set((await elfdeps('--provides')).map((p) => p.slice(0, p.indexOf('('))));
    const expected = [...new Set(await elfdeps('--requires'))].filter((r) => !provided.has(r.slice(0, r.indexOf('(')))).sort();
    expect(elf.some((p) => p.includes('fastsum')), elf.join(' ')).toBe(true);
    expect(expected).toEqual(expect.arrayContaining(['libz.so.1()(64bit)', 'libc.so.6()(64bit)']));
    expect(ours).toEqual(expected);
    // No Debian package name among the Requires.
    expect(requires.filter((r) => /^(libc6|zlib1g)\b/.test(r))).toEqual([]);
  });

  it('raises no byte-code finding in rpmlint, and no error lintian or rpmlint beyond the accepted ones', async () => {
    const r = await execa('rpmlint', [file(0, 'repro-rpm')], {reject: false, all: true});
    expect(r.all).toMatch(/\d+ packages and \d+ specfiles checked/);
    expect(r.all).not.toMatch(/python-bytecode/);
    expect(await rpmlintErrors(file(0, 'repro-rpm'))).toEqual([]);
    expect(await lintianErrors(file(0, 'repro-deb'))).toEqual([]);
  });
});

import {createHash} from 'node:crypto';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execa} from 'execa';
import {engineSkipReason} from '../helpers/engines.js';
import {lintianErrors, rpmlintErrors} from '../helpers/lint.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, exampleProject, installAndRun, runVdist} from './support.js';

// Two real `vdist build` runs of the example app (its fastsum dependency is an
// sdist with a C extension, compiled in each build), each in fresh containers,
// with one SOURCE_DATE_EPOCH: the .deb and the .rpm must be byte-identical.
// Then the byte-code must be valid as shipped: installed, imported as root,
// and dpkg --verify / rpm -V report nothing, rpmlint no byte-code error.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

const SOURCE_DATE_EPOCH = '1700000000';
const APP = '/opt/vdist-example';

/**
 * Checks every .pyc under APP the way the import system does (PEP 552: the
 * source hash for hash-based files, mtime and size for the others) and prints
 * the count of files and the stale ones.
 */
const PYC_CHECK = `${APP}/bin/python - <<'PY'
import importlib.util, os
checked, stale = 0, []
for d, _, names in os.walk('${APP}'):
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
        flags = int.from_bytes(head[4:8], 'little')
        if flags & 1:
            ok = head[8:16] == importlib.util.source_hash(open(src, 'rb').read())
        else:
            st = os.stat(src)
            ok = head[8:12] == (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, 'little') and head[12:16] == (st.st_size & 0xFFFFFFFF).to_bytes(4, 'little')
        checked += 1
        if not ok:
            stale.append(pyc)
print('pyc checked:', checked, 'stale:', len(stale), *stale[:5])
PY`;

/** Imports the app, its C extension and most of pip as root: what would rewrite stale .pyc files. */
const IMPORT_AS_ROOT = `${APP}/bin/python -c 'import vdist_example, fastsum, pip._internal.cli.main, pip._internal.commands.install; print("imported as", __import__("os").getuid())'`;

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
`,
    );
    await mkdir(join(project.dir, 'profiles'));
    const profile = {docker_image: BOOKWORM_IMAGE, script: 'debian.sh', format: 'rpm', family: 'debian'};
    await writeFile(join(project.dir, 'profiles/profiles.json'), JSON.stringify({'bookworm-rpm': profile}));
    for (const output of ['dist-a', 'dist-b']) {
      const r = await runVdist(['build', '--jobs', '2', '--json', '--output', output], {cwd: project.dir, env: {SOURCE_DATE_EPOCH}});
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
  });

  it('gives byte-identical .deb and .rpm files from the two builds', async () => {
    for (const build of ['repro-deb', 'repro-rpm']) {
      expect(await sha256(file(1, build)), `${build}: ${file(0, build)} vs ${file(1, build)}`).toBe(await sha256(file(0, build)));
    }
  });

  it('installs the .deb with apt; after importing as root every .pyc is still valid and dpkg --verify reports nothing', async () => {
    const {exitCode, output} = await installAndRun(
      file(0, 'repro-deb'),
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" >/dev/null
${IMPORT_AS_ROOT}
${APP}/bin/vdist-example 3
${PYC_CHECK}
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
${IMPORT_AS_ROOT}
${PYC_CHECK}
echo "rpm -V: [$(rpm -V vdist-example)]"`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('imported as 0');
    expect(output).toMatch(/pyc checked: [1-9]\d{2,} stale: 0/);
    expect(output).toContain('rpm -V: []');
  });

  it('raises no byte-code finding in rpmlint, and no error lintian or rpmlint beyond the accepted ones', async () => {
    const r = await execa('rpmlint', [file(0, 'repro-rpm')], {reject: false, all: true});
    expect(r.all).toMatch(/\d+ packages and \d+ specfiles checked/);
    expect(r.all).not.toMatch(/python-bytecode/);
    expect(await rpmlintErrors(file(0, 'repro-rpm'))).toEqual([]);
    expect(await lintianErrors(file(0, 'repro-deb'))).toEqual([]);
  });
});

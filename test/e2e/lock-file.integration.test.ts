import {createHash} from 'node:crypto';
import {appendFile, cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {poetryContentHash} from '../../src/core/lock/poetry.js';
import {parseTomlFile} from '../../src/core/lock/common.js';
import {engineSkipReason} from '../helpers/engines.js';
import {EXAMPLE_APP, FASTSUM, startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, containersOfBuild, debInfo, exampleProject, runVdist} from './support.js';

// Two builds of the example app with the system python3, against a loopback
// index that holds fastsum 0.1.0 and 0.2.0. One installs from a poetry.lock
// that pins the older 0.1.0: the package must hold 0.1.0. The other installs
// from a pylock.toml that pins 0.2.0, whose file in the index was replaced
// after locking: the build must fail and name fastsum 0.2.0.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

const PINNED = 'lock-pinned-older';
const TAMPERED = 'lock-tampered-file';
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe.skipIf(skip)('vdist build with a lock file: exact versions, hashes enforced', () => {
  let index: PyIndex;
  let newer: string;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let run: Awaited<ReturnType<typeof runVdist>>;
  let summary: {exitCode: number; builds: Array<Record<string, unknown>>};

  beforeAll(async () => {
    newer = await mkdtemp(join(tmpdir(), 'vdist-fastsum-0.2-'));
    await cp(FASTSUM, newer, {recursive: true});
    const pyproject = join(newer, 'pyproject.toml');
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('version = "0.1.0"', 'version = "0.2.0"'));
    index = await startPyIndex([FASTSUM, newer]);
    const files = join(index.root, 'files');
    const old = await sha256(join(files, 'fastsum-0.1.0.tar.gz'));
    const genuine = await sha256(join(files, 'fastsum-0.2.0.tar.gz'));
    // Someone replaces 0.2.0 in the index (and its link's digest) after it was locked.
    await appendFile(join(files, 'fastsum-0.2.0.tar.gz'), 'tampered');
    const links = join(index.root, 'simple/fastsum/index.html');
    await writeFile(links, (await readFile(links, 'utf8')).replace(genuine, await sha256(join(files, 'fastsum-0.2.0.tar.gz'))));

    const appPyproject = await readFile(join(EXAMPLE_APP, 'pyproject.toml'), 'utf8');
    const poetryLock = `[[package]]
name = "fastsum"
version = "0.1.0"
description = "Sums integers"
optional = false
python-versions = ">=3.9"
groups = ["main"]
files = [
    {file = "fastsum-0.1.0.tar.gz", hash = "sha256:${old}"},
]

[metadata]
lock-version = "2.1"
python-versions = ">=3.9"
content-hash = "${poetryContentHash(parseTomlFile(appPyproject, 'pyproject.toml'))}"
`;
    const pylock = `lock-version = "1.0"
requires-python = ">=3.9"
created-by = "vdist test"

[[packages]]
name = "fastsum"
version = "0.2.0"

[packages.sdist]
name = "fastsum-0.2.0.tar.gz"
url = "${index.baseUrl}/files/fastsum-0.2.0.tar.gz"
hashes = {sha256 = "${genuine}"}
`;
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
runtime_deps = ["python3"]
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl}"

[[build]]
name = "${PINNED}"
lock_file = "poetry.lock"

[[build]]
name = "${TAMPERED}"
app = "vdist-example-tampered"
lock_file = "pylock.toml"
`,
      {'poetry.lock': poetryLock, 'pylock.toml': pylock},
    );
    run = await runVdist(['build', '--jobs', '1', '--json'], {cwd: project.dir, env: {VDIST_CACHE_DIR: join(project.dir, 'cache')}});
    summary = JSON.parse(run.stdout);
  });

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
    if (newer) await rm(newer, {recursive: true, force: true});
  });

  it('builds the pinned one and fails the tampered one: exit 1', () => {
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(1);
    expect(summary.builds.map((b) => [b.build, b.status])).toEqual([
      [PINNED, 'ok'],
      [TAMPERED, 'failed'],
    ]);
  });

  it('packages the locked fastsum 0.1.0, not the index\'s newest 0.2.0', async () => {
    const {files} = await debInfo(summary.builds[0]!.packageFile as string);
    expect(files.some((f) => /\/fastsum-0\.1\.0\.dist-info\/$/.test(f) || /\/fastsum-0\.1\.0\.dist-info$/.test(f))).toBe(true);
    expect(files.some((f) => f.includes('fastsum-0.2.0'))).toBe(false);
    expect(files.some((f) => f.includes('vdist_example-0.1.0.dist-info'))).toBe(true);
    const log = await readFile(join(project.dir, 'dist/logs', `${PINNED}.log`), 'utf8');
    expect(log).toContain('lock: poetry.lock (poetry), 1 packages in the runtime set');
    expect(log).toContain('installing the locked set from poetry.lock (hashes enforced, --no-deps)');
    expect(log).not.toMatch(/stale lock|lacks packages/);
  });

  it('names the package whose file does not match the lock', () => {
    const failed = summary.builds[1]!;
    expect(failed.step).toBe('build');
    expect(failed.error).toMatch(/hash mismatch: the file pip downloaded for fastsum 0\.2\.0 is not the one pylock\.toml locks/);
  });

  it('removed every container it started', async () => {
    for (const build of [PINNED, TAMPERED]) expect(await containersOfBuild(build)).toEqual([]);
  });
});

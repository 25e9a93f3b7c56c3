import {copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, exampleProject, exampleToml, installAndRun, packagedFilesContaining, podman, runVdist} from './support.js';

const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});
const TINY = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/templates/cache/tiny.sh');
const SECRET = 'pip-cache-s3cret';

/** A profile of the test's own (so its first build misses), using `script` from profiles_dir or the built-ins. */
async function profileDir(dir: string, name: string, script: string, file?: string): Promise<void> {
  await mkdir(join(dir, 'buildprofiles'), {recursive: true});
  await writeFile(join(dir, 'buildprofiles/profiles.json'), JSON.stringify({[name]: {docker_image: BOOKWORM_IMAGE, script, format: 'deb'}}));
  if (file) await copyFile(file, join(dir, 'buildprofiles', script));
}

type Summary = {exitCode: number; builds: Array<{status: string; cache?: {status: string; levels: Array<{level: string; key: string; status: string}>}; packageFile?: string}>};
const summaryOf = (r: {stdout: string}) => JSON.parse(r.stdout) as Summary;
/** When a build's log begins: its first record's time. */
const startOf = (log: string) => (JSON.parse(log.slice(0, log.indexOf('\n'))) as {time: number}).time;

describe.skipIf(skip)('provisioned-image cache, whole vdist processes on podman', () => {
  it('two processes racing on one key both succeed, and leave one entry under the final name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-cache-race-'));
    const profile = `cache-race-${process.pid}`;
    try {
      await profileDir(dir, profile, 'tiny.sh', TINY);
      await mkdir(join(dir, 'src'));
      await writeFile(join(dir, 'src/app.txt'), 'hello\n');
      const toml = (out: string) => `[vdist]\noutput_dir = "${out}"\n\n[[build]]\napp = "race"\nversion = "1.0"\nsource = { directory = "src" }\nprofile = "${profile}"\ncompile_python = false\n`;
      await writeFile(join(dir, 'a.toml'), toml('dist-a'));
      await writeFile(join(dir, 'b.toml'), toml('dist-b'));
      const env = {VDIST_CACHE_DIR: join(dir, 'cache')};
      const [a, b] = await Promise.all([
        runVdist(['build', '--json', '-c', 'a.toml'], {cwd: dir, env}),
        runVdist(['build', '--json', '-c', 'b.toml'], {cwd: dir, env}),
      ]);
      expect(a.exitCode, a.stderr.slice(-2000)).toBe(0);
      expect(b.exitCode, b.stderr.slice(-2000)).toBe(0);
      const keys = [summaryOf(a), summaryOf(b)].map((s) => s.builds[0]!.cache!.levels[0]!.key);
      expect(keys[0]).toBe(keys[1]);
      const list = await runVdist(['cache', 'list', '--json', '--backend', 'podman'], {cwd: dir, env});
      const mine = (JSON.parse(list.stdout) as {images: Array<{profile: string; reference: string}>}).images.filter((i) => i.profile === profile);
      expect(mine.filter((i) => i.reference !== '').map((i) => i.reference)).toEqual([`localhost/vdist-cache/${profile}:${keys[0]}`]);
      const third = await runVdist(['build', '--json', '-c', 'a.toml'], {cwd: dir, env});
      expect(summaryOf(third).builds[0]!.cache!.status).toBe('hit');
      const pruned = await runVdist(['cache', 'prune', '--all', '--profile', profile, '--backend', 'podman', '--json'], {cwd: dir, env});
      expect(pruned.exitCode, pruned.stderr).toBe(0);
      const after = await runVdist(['cache', 'list', '--json', '--backend', 'podman'], {cwd: dir, env});
      expect((JSON.parse(after.stdout) as {images: Array<{profile: string}>}).images.filter((i) => i.profile === profile)).toEqual([]);
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  }, 300_000);
});

describe.skipIf(skip)('warm builds of the example: provisioned image and pip cache', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  const profile = `cache-example-${process.pid}`;
  let env: Record<string, string>;
  const runs: Array<{summary: Summary; log: string}> = [];

  const build = async (args: string[] = []) => {
    const r = await runVdist(['build', '--json', ...args], {cwd: project.dir, env});
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    const log = await readFile(join(project.dir, 'dist/logs/cache-example.log'), 'utf8');
    runs.push({summary: summaryOf(r), log});
    return runs.at(-1)!;
  };
  const touchSource = (n: number) => writeFile(join(project.dir, 'app/vdist_example/edit.py'), `EDIT = ${n}\n`);

  beforeAll(async () => {
    index = await startPyIndex();
    project = await exampleProject(
      exampleToml(
        'cache-example',
        `compile_python = false
runtime_deps = ["python3"]
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl.replace('http://', `http://vdist:${SECRET}@`)}"`,
        {profile},
      ),
    );
    await profileDir(project.dir, profile, 'debian.sh');
    env = {VDIST_CACHE_DIR: join(project.dir, 'cache')};
  }, 120_000);

  afterAll(async () => {
    if (project) await runVdist(['cache', 'prune', '--all', '--profile', profile, '--backend', 'podman'], {cwd: project.dir, env});
    await index?.stop();
    await project?.dispose();
  });

  it('misses with --no-cache, then hits after a source change and reuses the wheel pip built from the sdist', async () => {
    const cold = await build(['--no-cache']);
    expect(cold.summary.builds[0]!.cache).toMatchObject({status: 'miss', levels: [{level: 'python', status: 'miss'}, {level: 'deps', status: 'miss'}]});
    await touchSource(1);
    const warm = await build();
    expect(warm.summary.builds[0]!.cache!.status).toBe('hit');
    expect(warm.log).toMatch(/Building wheel for fastsum/);
    await touchSource(2);
    const warmer = await build();
    expect(warmer.summary.builds[0]!.cache!.status).toBe('hit');
    expect(warmer.log).not.toMatch(/Building wheel for fastsum/);
    // pip changed its cache in the second build only: the third copies nothing back out, and the file stays as the second left it.
    const pipTar = join(env.VDIST_CACHE_DIR!, 'pip', `${profile}-python-_usr.tar`);
    expect(warm.log).not.toContain("pip's cache is as it was copied in");
    expect(warmer.log).toContain("pip's cache is as it was copied in: not copied back out");
    expect(warmer.log).not.toMatch(/run podman exec \S+ tar -c -C \/vdist\/pip-cache/);
    expect(await stat(pipTar).then((s) => s.mtimeMs)).toBeLessThan(startOf(warmer.log));
    // On a cached image the library owners are looked up while the build script runs, not after it.
    const lookup = warmer.log.indexOf('"step":"shlibdeps"');
    expect(lookup).toBeGreaterThan(-1);
    expect(lookup).toBeLessThan(warmer.log.indexOf('build script exited with 0'));
    const installed = await installAndRun(warmer.summary.builds[0]!.packageFile!, 'apt-get install -y -q $DEB >/dev/null && /opt/vdist-example/bin/vdist-example 10');
    expect(installed.exitCode, installed.output).toBe(0);
  }, 900_000);

  it('keeps the pip_args credential out of the pip cache, the image labels and the package', async () => {
    const pipTar = join(env.VDIST_CACHE_DIR!, 'pip', `${profile}-python-_usr.tar`);
    const grep = await execa('grep', ['-c', '-a', SECRET, pipTar], {reject: false});
    expect(grep.stdout.trim()).toBe('0');
    const list = await runVdist(['cache', 'list', '--json', '--backend', 'podman'], {cwd: project.dir, env});
    expect(list.stdout).toContain(profile);
    expect(list.stdout).not.toContain(SECRET);
    const inspect = await podman(['image', 'inspect', `localhost/vdist-cache/${profile}:${runs.at(-1)!.summary.builds[0]!.cache!.levels.at(-1)!.key}`]);
    expect(inspect.exitCode).toBe(0);
    expect(inspect.stdout).not.toContain(SECRET);
    expect(await packagedFilesContaining(runs.at(-1)!.summary.builds[0]!.packageFile!, SECRET)).toEqual([]);
    expect(await packagedFilesContaining(runs.at(-1)!.summary.builds[0]!.packageFile!, 'pip-cache')).toEqual([]);
  });

  it('vdist clean leaves cache images alone; --dry-run shows each level\'s key and a hit', async () => {
    const clean = await runVdist(['clean', '--backend', 'podman'], {cwd: project.dir, env});
    expect(clean.exitCode, clean.stderr).toBe(0);
    const last = runs.at(-1)!.summary.builds[0]!.cache!;
    const reference = `localhost/vdist-cache/${profile}:${last.levels.at(-1)!.key}`;
    expect((await podman(['image', 'exists', reference])).exitCode).toBe(0);
    const dry = await runVdist(['build', '--dry-run', '--json', '--backend', 'podman'], {cwd: project.dir, env});
    expect(dry.exitCode, dry.stderr).toBe(0);
    const planned = (JSON.parse(dry.stdout) as {builds: Array<{cache: {status: string; levels: Array<{key: string}>}}>}).builds[0]!;
    expect(planned.cache.status).toBe('hit');
    expect(planned.cache.levels.map((l) => l.key)).toEqual(last.levels.map((l) => l.key));
  });
});

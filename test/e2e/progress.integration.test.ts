import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {REPO_ROOT} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, runVdist} from './support.js';

// What people see (issue 16), in real processes: the live view in a real
// terminal (tmux), and plain mode with GitHub's and GitLab's markers. The
// tmux and marker runs use a staged script without apt or Python (tiny.sh),
// so they cost seconds; the mini app is a real one-file Python app.
const skip =
  (await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF})) ??
  (await engineSkipReason('tmux (a real terminal for the live view)', ['tmux', '-V']));
const LICENSE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/project/bare-license/LICENSE');
const TINY = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/templates/cache/tiny.sh');
const WIDTH = 72;

const tinyToml = (profile: string) => `[vdist]
output_dir = "dist"

[defaults]
version = "1.0"
source = { directory = "src" }
profile = "${profile}"
compile_python = false

[[build]]
name = "tiny-one"
app = "tiny-one"

[[build]]
name = "tiny-two"
app = "tiny-two"

[[build]]
name = "tiny-broken"
app = "tiny-broken"
working_dir = "nope"
`;

/** Lines of `out` between a section's opening and closing marker lines. */
function sectionOf(lines: string[], open: (l: string) => boolean, close: (l: string) => boolean): string[] {
  const start = lines.findIndex(open);
  const end = lines.findIndex((l, i) => i > start && close(l));
  return start < 0 || end < 0 ? [] : lines.slice(start + 1, end);
}

describe.skipIf(skip)('vdist build: live view in tmux, plain mode with CI markers', () => {
  let dir: string;
  const profile = `progress-tiny-${process.pid}`;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-progress-'));
    await mkdir(join(dir, 'buildprofiles'));
    await copyFile(TINY, join(dir, 'buildprofiles/tiny.sh'));
    await writeFile(join(dir, 'buildprofiles/profiles.json'), JSON.stringify({[profile]: {docker_image: BOOKWORM_IMAGE, script: 'tiny.sh', format: 'deb'}}));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src/app.txt'), 'hello\n');
    // A license, so the builds have nothing to warn about: the live view's lines are all this test reads.
    await copyFile(LICENSE, join(dir, 'src/LICENSE'));
    await writeFile(join(dir, 'vdist.toml'), tinyToml(profile));
    env = {VDIST_CACHE_DIR: join(dir, 'cache')};
  });

  afterAll(async () => {
    if (dir) {
      await runVdist(['cache', 'prune', '--all', '--profile', profile, '--backend', 'podman'], {cwd: dir, env});
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('shows one line per build while they run, redrawn in place, then the summary within the width', async () => {
    const socket = `vdist-progress-${process.pid}`;
    const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false});
    const bin = join(REPO_ROOT, 'bin/run.js');
    const envArgs = Object.entries({...env, CONTAINERS_CONF}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const started = await tmux('new-session', '-d', '-s', 'vdist', '-x', String(WIDTH), '-y', '30', '-c', dir, ...envArgs,
      `'${process.execPath}' '${bin}' build --only tiny-one --only tiny-two; echo VDIST-EXIT=$?; sleep 600`);
    expect(started.exitCode, started.stderr).toBe(0);
    const snapshots: string[][] = [];
    try {
      for (let i = 0; i < 1200; i++) {
        const pane = await tmux('capture-pane', '-p', '-J', '-t', 'vdist');
        const lines = pane.stdout.split('\n').filter((l) => l.trim() !== '');
        snapshots.push(lines);
        if (lines.some((l) => l.startsWith('VDIST-EXIT='))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await tmux('kill-server');
    }
    const last = snapshots.at(-1)!;
    expect(last, last.join('\n')).toContain('VDIST-EXIT=0');
    const lineOf = (lines: string[], build: string) => lines.filter((l) => l.startsWith(`${build} `));
    // At every moment each build has exactly one line: redrawn, never appended.
    const drawn = snapshots.filter((lines) => lines.some((l) => l.startsWith('tiny-')));
    expect(drawn.length).toBeGreaterThan(3);
    for (const lines of drawn) for (const b of ['tiny-one', 'tiny-two']) expect(lineOf(lines, b), lines.join('\n')).toHaveLength(1);
    const running = snapshots.find((lines) => ['tiny-one', 'tiny-two'].every((b) => /^\S+ +(provision|pip cache|build: tiny|package)/.test(lineOf(lines, b)[0] ?? '')));
    expect(running, snapshots.map((s) => s.join('\n')).join('\n----\n')).toBeDefined();
    expect(running!.find((l) => l.startsWith('tiny-one'))).toMatch(/^tiny-one +\S.* \d+\.\ds/);
    // The end: the summary table replaced the live lines; no log line, nothing wider than the terminal.
    expect(last).toContain('2 of 2 builds succeeded.');
    expect(lineOf(last, 'tiny-one')[0]).toMatch(/^tiny-one +.*\bok\b.*tiny-one_1\.0_all\.deb/);
    expect(last.filter((l) => l.length > WIDTH)).toEqual([]);
    expect(last.join('\n')).not.toMatch(/\[tiny-one\]|==> vdist/);
  }, 300_000);

  it('GitLab CI: plain step lines, each build in its own collapsed section, never interleaved', async () => {
    const r = await runVdist(['build', '--jobs', '3'], {cwd: dir, env: {...env, GITLAB_CI: 'true'}});
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(2); // tiny-broken: a missing working_dir is a usage error
    const lines = r.stderr.split('\n');
    const starts = lines.filter((l) => l.includes('section_start:')).map((l) => /section_start:\d+:(vdist_[\w.-]+)\[collapsed=true\]\r\u001B\[0K/.exec(l)?.[1]);
    expect(starts.sort()).toEqual(['vdist_tiny-broken', 'vdist_tiny-one', 'vdist_tiny-two']);
    for (const b of ['tiny-one', 'tiny-two', 'tiny-broken']) {
      const section = sectionOf(lines, (l) => l.includes(`section_start:`) && l.includes(`:vdist_${b}[`), (l) => l.includes(`section_end:`) && l.includes(`:vdist_${b}\r`));
      expect(section.length, r.stderr).toBeGreaterThan(1);
      expect(section.every((l) => l.includes(`[${b}]`) || !/\[tiny-/.test(l)), section.join('\n')).toBe(true);
    }
    expect(lines.filter((l) => /^\d\d:\d\d:\d\d \[tiny-one\] (provision|build: tiny|package)/.test(l))).toHaveLength(3);
  }, 300_000);

  it('GitHub Actions: a failed build is an error annotation on its [[build]] line', async () => {
    const r = await runVdist(['build', '--only', 'tiny-broken'], {cwd: dir, env: {...env, GITHUB_ACTIONS: 'true'}});
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[1]).toBe('::group::tiny-broken');
    expect(lines).toContain('::endgroup::');
    const buildLine = (await readFile(join(dir, 'vdist.toml'), 'utf8')).split('\n').lastIndexOf('[[build]]') + 1;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^::error file=vdist.toml,line=${buildLine},title=vdist%3A tiny-broken failed at step source::.*working_dir "nope"`)));
  }, 120_000);
});

describe.skipIf(skip)('vdist build: plain mode for the mini app', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof runVdist>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-progress-mini-'));
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'app/hello.py'), 'print("hello from mini")\n');
    await writeFile(join(dir, 'app/requirements.txt'), '');
    await writeFile(
      join(dir, 'vdist.toml'),
      '[vdist]\noutput_dir = "dist"\n\n[[build]]\nname = "mini"\napp = "vdist-mini"\nversion = "1.0"\nsource = { directory = "app" }\nprofile = "debian-bookworm"\ncompile_python = false\n',
    );
    // Not a TTY: plain is the default; GITHUB_ACTIONS adds the groups.
    run = await runVdist(['build'], {cwd: dir, env: {GITHUB_ACTIONS: 'true', VDIST_CACHE_DIR: join(dir, 'cache')}});
  }, 900_000);

  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it('prints fewer than 40 lines: a timestamped line per step, in one group, and the summary', async () => {
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
    const lines = `${run.stderr}\n${run.stdout}`.trimEnd().split('\n');
    expect(lines.length, lines.join('\n')).toBeLessThan(40);
    const group = sectionOf(lines, (l) => l === '::group::mini', (l) => l === '::endgroup::');
    expect(group.every((l) => /^\d\d:\d\d:\d\d \[mini\] /.test(l)), group.join('\n')).toBe(true);
    expect(group.filter((l) => / build: requirements \(\+\d/.test(l))).toHaveLength(1);
    expect(run.stdout).toMatch(/^mini +debian-bookworm +ok /m);
    // The full output is in the build's log.
    const log = await readFile(join(dir, 'dist/logs/mini.log'), 'utf8');
    expect(log.split('\n').length).toBeGreaterThan(lines.length);
    expect(log).toContain('==> vdist: build: requirements');
  });
});

import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lockToolSkipReason, lockWithTool} from '../../helpers/lock-tools.js';
import {FASTSUM, fastsumRelease, REPO_ROOT, startPyIndex, type PyIndex} from '../../helpers/pyindex.js';
import {LOCK_FIXTURES} from './fixtures.js';
import {editProject, expectedPins, FIXTURE_INDEX_URL, REAL_TOOLS, selectFrom, TOOL_FILES, type RealTool} from './real-tools.js';

// Debian bookworm's poetry, pdm and pipenv lock the project of
// test/fixtures/lock/real-tools (see real-tools.ts) against a loopback index
// holding fastsum 0.1.0 and 0.2.0 and the small wheels make-wheels.py
// writes. vdist must read each lock as the tool wrote it, select the same
// runtime set as from the committed snapshot, and agree with the tool's own
// content hash: fresh as locked, stale after the project file changes.
const skips = Object.fromEntries(await Promise.all(REAL_TOOLS.map(async (t) => [t, await lockToolSkipReason(t)] as const))) as Record<RealTool, string | undefined>;
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe.skipIf(REAL_TOOLS.every((t) => skips[t]))('lock files made by the real tools', () => {
  let scratch: string;
  let newer: string;
  let index: PyIndex;
  // The three tools lock at once (mostly waiting on their subprocesses); each tool's tests wait for its own.
  const locked = new Map<RealTool, Promise<string>>();

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'vdist-real-locks-'));
    const made = await execa('python3', [join(REPO_ROOT, 'test/fixtures/lock/real-tools/make-wheels.py'), join(scratch, 'wheels')], {timeout: 60_000});
    newer = await fastsumRelease('0.2.0');
    index = await startPyIndex([FASTSUM, newer], {wheels: made.stdout.split('\n').filter(Boolean)});
    for (const tool of REAL_TOOLS.filter((t) => !skips[t])) {
      const run = lockProject(tool, join(scratch, tool));
      run.catch(() => undefined); // reported by the tool's own beforeAll
      locked.set(tool, run);
    }
  }, 180_000);

  /** Writes the tool's project file (locked against this index) in `dir` and runs the tool there. */
  async function lockProject(tool: RealTool, dir: string): Promise<string> {
    const {project} = TOOL_FILES[tool];
    await mkdir(dir);
    const text = await readFile(join(LOCK_FIXTURES, 'real-tools', tool, project), 'utf8');
    await writeFile(join(dir, project), text.replaceAll(FIXTURE_INDEX_URL, index.indexUrl));
    await lockWithTool(tool, dir, index.indexUrl, scratch);
    return dir;
  }

  afterAll(async () => {
    await index?.stop();
    for (const dir of [scratch, newer]) if (dir) await rm(dir, {recursive: true, force: true});
  });

  describe.each(REAL_TOOLS)('%s', (tool) => {
    const {project, lock} = TOOL_FILES[tool];
    let dir: string;
    const read = (overrides: Record<string, string> = {}) => async (path: string) => overrides[path] ?? readFile(join(dir, path), 'utf8').catch(() => undefined);

    beforeAll(async () => {
      if (!skips[tool]) dir = await locked.get(tool)!;
    }, 200_000);

    it.skipIf(skips[tool])(`writes ${lock} from the loopback index only`, async () => {
      const text = await readFile(join(dir, lock), 'utf8');
      expect(text).toContain('fastsum');
      // Every URL the tool recorded is the loopback index's.
      for (const url of text.match(/https?:\/\/[^"\s]+/g) ?? []) expect(url.startsWith(index.baseUrl)).toBe(true);
    });

    it.skipIf(skips[tool]).each([
      {dev: false, extra: false},
      {dev: true, extra: false},
      {dev: false, extra: true},
      {dev: true, extra: true},
    ])('vdist selects the runtime set: main, asked groups and extras, markers decided (%o)', async (select) => {
      const {pins, warnings} = await selectFrom(tool, read(), select);
      expect(pins).toEqual(expectedPins(tool, select));
      expect(warnings).toEqual([]);
    });

    it.skipIf(skips[tool])("pins the older fastsum, with the hash of the index's file", async () => {
      const {lock: resolved} = await selectFrom(tool, read(), {dev: false, extra: false});
      const files = join(index.root, 'files');
      expect(resolved.hashed).toContain(`fastsum==0.1.0 \\\n    --hash=sha256:${await sha256(join(files, 'fastsum-0.1.0.tar.gz'))}\n`);
      expect(resolved.hashed).not.toContain('0.2.0');
      const linux = (await readdir(files)).find((f) => f.startsWith('linuxonly-'))!;
      expect(resolved.hashed).toContain(`linuxonly==1.0 \\\n    --hash=sha256:${await sha256(join(files, linux))}\n`);
    });

    it.skipIf(skips[tool])(`agrees with ${tool}'s content hash: fresh as locked, stale once ${project} changes`, async () => {
      expect((await selectFrom(tool, read(), {dev: false, extra: false}, true)).warnings).toEqual([]);
      const edited = editProject(await readFile(join(dir, project), 'utf8'));
      const {warnings} = await selectFrom(tool, read({[project]: edited}), {dev: false, extra: false});
      expect(warnings.join()).toMatch(/stale lock/);
      await expect(selectFrom(tool, read({[project]: edited}), {dev: false, extra: false}, true)).rejects.toThrow(/stale lock/);
    });
  });
});

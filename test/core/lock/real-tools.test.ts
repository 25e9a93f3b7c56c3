import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys} from './fixtures.js';
import {editProject, expectedPins, REAL_TOOLS, selectFrom, TOOL_FILES} from './real-tools.js';

// The locks Debian bookworm's poetry 1.3.2, pdm 2.2.1 and pipenv 2022.12.19
// wrote (see real-tools.ts): vdist reads the tools' real output, here
// without the tools; real-tools.integration.test.ts runs the tools.
describe.each(REAL_TOOLS)('%s: a lock the real tool made', (tool) => {
  const dir = `real-tools/${tool}`;
  const {project, lock} = TOOL_FILES[tool];

  it.each([
    {dev: false, extra: false},
    {dev: true, extra: false},
    {dev: false, extra: true},
    {dev: true, extra: true},
  ])('selects the runtime set, markers decided for Linux (%o)', async (select) => {
    const {pins, warnings} = await selectFrom(tool, fixtureReader(dir), select);
    expect(pins).toEqual(expectedPins(tool, select));
    expect(warnings).toEqual([]);
  });

  it('hands pip the hashes the tool recorded', async () => {
    const {lock: resolved} = await selectFrom(tool, fixtureReader(dir), {dev: false, extra: false});
    expect(resolved.hashed).toContain('linuxonly==1.0 \\\n    --hash=sha256:a85460a749f4dfac96a28045b0ec895da0a973cf304f1da686095af80b520aa7');
    expect(resolved.hashed).toMatch(/fastsum==0\.1\.0 \\\n {4}--hash=sha256:[0-9a-f]{64}\n/);
  });

  it(`is fresh as the tool left it, and stale once the ${project} changes`, async () => {
    const edited = editProject(await fixtureText(`${dir}/${project}`));
    const reader = fixtureReader(dir, {[project]: edited});
    const {warnings} = await selectFrom(tool, reader, {dev: false, extra: false});
    expect(warnings.join()).toMatch(new RegExp(`stale lock: ${lock.replace('.', '\\.')}'s`));
    await expect(selectFrom(tool, reader, {dev: false, extra: false}, true)).rejects.toThrow(/stale lock/);
  });
});

describe('pdm.lock of lock_version 4.0 (PDM 2.0-2.3)', () => {
  it('names the groups and extras pyproject.toml has when asked for another', async () => {
    await expect(resolveLock(lockKeys({groups: ['docs']}), fixtureReader('real-tools/pdm'))).rejects.toThrow(/pyproject\.toml: no group or extra "docs" \(groups and extras: fancy, dev\)/);
  });

  it('needs the pyproject.toml beside it', async () => {
    await expect(resolveLock(lockKeys(), fixtureReader('real-tools/pdm', {'pyproject.toml': undefined}))).rejects.toThrow(/pdm\.lock: a pdm\.lock of lock_version 4\.0 needs the pyproject\.toml/);
  });

  it('calls a dependency without an entry an out-of-date lock', async () => {
    const text = await fixtureText('real-tools/pdm/pyproject.toml');
    const reader = fixtureReader('real-tools/pdm', {'pyproject.toml': text.replace('"fastsum<0.2",', '"fastsum<0.2",\n    "missing",')});
    await expect(resolveLock(lockKeys(), reader)).rejects.toThrow(/missing is a dependency .* without a \[\[package\]\] entry: the lock is out of date/);
  });
});

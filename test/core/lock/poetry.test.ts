import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('poetry.lock', () => {
  for (const [dir, label] of [
    ['poetry1', 'Poetry 1.x (lock-version 2.0, [tool.poetry] dependencies)'],
    ['poetry2', 'Poetry 2.x (lock-version 2.1, [project] dependencies)'],
  ] as const) {
    describe(label, () => {
      it('installs the main group for the target Python: markers decided on the host', async () => {
        const lock = (await resolveLock(lockKeys(), fixtureReader(dir)))!;
        expect(lock.file).toBe('poetry.lock');
        expect(lock.tool).toBe('poetry');
        expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
        expect(lock.hashed).toContain('--hash=sha256:d9f5ba91b3866f3845930531e0870436e2dd6e919787f627c0f1c16b97219a5f');
        expect(lock.warnings).toEqual([]);
      });

      it("leaves the Python version to pip when the target's own python3 is used", async () => {
        const lock = (await resolveLock(lockKeys({compile_python: false}), fixtureReader(dir)))!;
        expect(pins(lock.hashed)).toEqual([expect.stringMatching(/^tomli==2\.0\.1 ; python_(full_)?version < "3\.11"$/), 'wheel==0.38.4']);
      });

      it('adds the requested groups and extras', async () => {
        const lock = (await resolveLock(lockKeys({groups: ['dev'], extras: ['build']}), fixtureReader(dir)))!;
        expect(pins(lock.hashed)).toEqual(['pip==23.0.1', 'setuptools==66.1.1', 'wheel==0.38.4']);
      });

      it('names the groups and extras there are when asked for another', async () => {
        await expect(resolveLock(lockKeys({groups: ['docs']}), fixtureReader(dir))).rejects.toThrow(/no dependency group "docs" \(groups: dev\)/);
        await expect(resolveLock(lockKeys({extras: ['gui']}), fixtureReader(dir))).rejects.toThrow(/no extra "gui" \(extras: build\)/);
      });

      it('warns about a lock older than pyproject.toml (content-hash), and fails with strict_lock', async () => {
        const pyproject = (await fixtureText(`${dir}/pyproject.toml`)).replace('0.38', '0.37');
        const reader = fixtureReader(dir, {'pyproject.toml': pyproject});
        const lock = (await resolveLock(lockKeys(), reader))!;
        expect(lock.warnings.join('\n')).toMatch(/stale lock: poetry\.lock's content-hash .* does not match pyproject\.toml.*Run `poetry lock`/);
        const strict = resolveLock(lockKeys({strict_lock: true}), reader);
        await expect(strict).rejects.toThrow(/Lock file poetry\.lock: stale lock/);
        await expect(strict).rejects.toMatchObject({oclif: {exit: 2}, code: 'LOCK'});
      });

      it('fails on a package without hashes, naming it and its line, unless allow_unhashed', async () => {
        const text = (await fixtureText(`${dir}/poetry.lock`)).replace(/(name = "wheel"[\s\S]*?files = \[)[^\]]*\]/, '$1]');
        const reader = fixtureReader(dir, {'poetry.lock': text});
        const line = text.split('\n').indexOf('name = "wheel"'); // 0-based index of the name: the [[package]] line is one above
        await expect(resolveLock(lockKeys(), reader)).rejects.toThrow(new RegExp(`^Lock file poetry\\.lock:${line}: no hashes for wheel 0\\.38\\.4`));
        const lock = (await resolveLock(lockKeys({allow_unhashed: true}), reader))!;
        expect(lock.hashed).toBe('');
        expect(lock.unhashed).toBe('wheel==0.38.4\n');
        expect(lock.warnings.join()).toMatch(/without a hash check: wheel 0\.38\.4/);
      });
    });
  }

  it('refuses a lock-version it does not know, and malformed TOML, with the line', async () => {
    const text = (await fixtureText('poetry2/poetry.lock')).replace('lock-version = "2.1"', 'lock-version = "3.0"');
    const line = text.split('\n').indexOf('lock-version = "3.0"') + 1;
    await expect(resolveLock(lockKeys(), fixtureReader('poetry2', {'poetry.lock': text}))).rejects.toThrow(`poetry.lock:${line}: lock-version "3.0" is not one vdist knows`);
    await expect(resolveLock(lockKeys(), fixtureReader('poetry2', {'poetry.lock': '[[package]]\nname = "x\n'}))).rejects.toThrow(/poetry\.lock:2: not valid TOML/);
  });

  it('reads Poetry 1.0/1.1 locks, whose hashes sit in [metadata.files]', async () => {
    const modern = await fixtureText('poetry1/poetry.lock');
    const hashes: string[] = [];
    const legacy = modern
      .replace(/files = \[\n\s+\{file = "([^"]+)", hash = "([^"]+)"\},\n\]\n/g, (_m, file: string, hash: string) => {
        hashes.push(`{file = "${file}", hash = "${hash}"}`);
        return '';
      })
      .replace('lock-version = "2.0"', 'lock-version = "1.1"');
    const names = ['colorama', 'pip', 'setuptools', 'tomli', 'wheel'];
    const files = names.map((n, i) => `${n} = [\n    ${hashes[i]},\n]`).join('\n');
    const lock = (await resolveLock(lockKeys(), fixtureReader('poetry1', {'poetry.lock': `${legacy}\n[metadata.files]\n${files}\n`})))!;
    expect(lock.hashed).toMatch(/^wheel==0\.38\.4 \\\n {4}--hash=sha256:d9f5ba91/);
  });

  it('reads [tool.poetry] alone for a Poetry 1.x lock, as Poetry 1.x does (a [project] table beside it is not hashed)', async () => {
    const pyproject = (await fixtureText('poetry1/pyproject.toml')).concat('\n[project]\nname = "demo"\nversion = "1.0.0"\ndependencies = ["notlocked>=1"]\n');
    const lock = (await resolveLock(lockKeys(), fixtureReader('poetry1', {'pyproject.toml': pyproject})))!;
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
    expect(lock.warnings).toEqual([]);
  });

  it('picks between two locked versions of one package by their markers (lock-version 2.1), refuses that in 2.0', async () => {
    const text = await fixtureText('poetry2/poetry.lock');
    const wheel = text.slice(text.indexOf('[[package]]\nname = "wheel"'), text.indexOf('[extras]'));
    const older = wheel.replace('version = "0.38.4"', 'version = "0.37.1"').replace('groups = ["main"]', 'groups = ["main"]\nmarkers = "python_version < \\"3.10\\""');
    const newer = wheel.replace('groups = ["main"]', 'groups = ["main"]\nmarkers = {main = "python_version >= \\"3.10\\"", dev = "sys_platform == \\"win32\\""}');
    const both = text.replace(wheel, `${older}\n${newer}`);
    const lock = (await resolveLock(lockKeys(), fixtureReader('poetry2', {'poetry.lock': both})))!;
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
    const system = (await resolveLock(lockKeys({compile_python: false}), fixtureReader('poetry2', {'poetry.lock': both})))!;
    expect(pins(system.hashed)).toEqual(['tomli==2.0.1 ; python_version < "3.11"', 'wheel==0.37.1 ; python_version < "3.10"', 'wheel==0.38.4 ; python_version >= "3.10"']);
    // Poetry 1.x reads [tool.poetry] only: poetry1's pyproject.toml asks the same wheel there.
    await expect(resolveLock(lockKeys(), fixtureReader('poetry1', {'poetry.lock': both.replace('lock-version = "2.1"', 'lock-version = "2.0"')}))).rejects.toThrow(
      /poetry\.lock:\d+: wheel is locked in 2 versions, and lock-version 2\.0 does not say which/,
    );
  });
});

import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('uv.lock', () => {
  it("walks the project's dependencies for the target Python", async () => {
    const lock = (await resolveLock(lockKeys(), fixtureReader('uv')))!;
    expect([lock.file, lock.tool]).toEqual(['uv.lock', 'uv']);
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
    expect(lock.warnings).toEqual([]);
  });

  it('adds optional-dependencies (extras) and dev-dependencies (groups); Python markers left to pip for the system python3', async () => {
    const lock = (await resolveLock(lockKeys({groups: ['dev'], extras: ['build'], compile_python: false}), fixtureReader('uv')))!;
    expect(pins(lock.hashed)).toEqual(['pip==23.0.1', 'setuptools==66.1.1', 'tomli==2.0.1 ; python_full_version < "3.11"', 'wheel==0.38.4']);
  });

  it('follows transitive dependencies with their markers, and extras asked for on an edge', async () => {
    const text = (await fixtureText('uv/uv.lock')).replace(
      /(name = "wheel"\nversion = "0\.38\.4"\nsource = \{[^}]*\}\n)/,
      `$1dependencies = [\n    { name = "pip", marker = "platform_machine == 'x86_64'" },\n    { name = "setuptools", marker = "sys_platform == 'win32'" },\n]\n`,
    );
    const lock = (await resolveLock(lockKeys(), fixtureReader('uv', {'uv.lock': text})))!;
    expect(pins(lock.hashed)).toEqual(['pip==23.0.1 ; platform_machine == "x86_64"', 'wheel==0.38.4']);
  });

  it('warns when pyproject.toml names dependencies the lock does not have', async () => {
    const pyproject = (await fixtureText('uv/pyproject.toml')).replace('"wheel>=0.38",', '"wheel>=0.38",\n    "requests>=2",');
    const lock = (await resolveLock(lockKeys(), fixtureReader('uv', {'pyproject.toml': pyproject})))!;
    expect(lock.warnings.join()).toMatch(/uv\.lock does not match pyproject\.toml's dependencies \(not locked: requests\).*`uv lock`/);
  });

  it('refuses a version it does not know', async () => {
    const text = (await fixtureText('uv/uv.lock')).replace('version = 1\n', 'version = 2\n');
    await expect(resolveLock(lockKeys(), fixtureReader('uv', {'uv.lock': text}))).rejects.toThrow(/uv\.lock:1: version 2 is not one vdist knows/);
  });
});

import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('pdm.lock', () => {
  it('installs the default group for the target Python', async () => {
    const lock = (await resolveLock(lockKeys(), fixtureReader('pdm')))!;
    expect([lock.file, lock.tool]).toEqual(['pdm.lock', 'pdm']);
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
    expect(lock.warnings).toEqual([]);
  });

  it("keeps a marker on the Python version for pip when the target's python3 is used", async () => {
    const lock = (await resolveLock(lockKeys({compile_python: false}), fixtureReader('pdm')))!;
    expect(pins(lock.hashed)).toEqual(['tomli==2.0.1 ; python_version < "3.11"', 'wheel==0.38.4']);
  });

  it('adds groups and extras (PDM locks extras as groups)', async () => {
    const lock = (await resolveLock(lockKeys({groups: ['dev'], extras: ['build']}), fixtureReader('pdm')))!;
    expect(pins(lock.hashed)).toEqual(['pip==23.0.1', 'setuptools==66.1.1', 'wheel==0.38.4']);
    await expect(resolveLock(lockKeys({groups: ['docs']}), fixtureReader('pdm'))).rejects.toThrow(/pdm\.lock:5: group "docs" is not in the lock \(locked groups: default, build, dev\)/);
  });

  it('merges the entries PDM writes per extra of one package', async () => {
    const text = await fixtureText('pdm/pdm.lock');
    const extraEntry = text.slice(text.indexOf('[[package]]\nname = "wheel"')).replace('groups = ["default"]', 'groups = ["default"]\nextras = ["test"]');
    const lock = (await resolveLock(lockKeys(), fixtureReader('pdm', {'pdm.lock': `${text}\n${extraEntry}`})))!;
    expect(lock.hashed.match(/^wheel==/gm)).toHaveLength(1);
  });

  it('warns when pyproject.toml changed after locking (content_hash), fails with strict_lock', async () => {
    const reader = fixtureReader('pdm', {'pyproject.toml': (await fixtureText('pdm/pyproject.toml')).replace('0.38', '0.37')});
    expect((await resolveLock(lockKeys(), reader))!.warnings.join()).toMatch(/stale lock: pdm\.lock's content_hash does not match pyproject\.toml.*Run `pdm lock`/);
    await expect(resolveLock(lockKeys({strict_lock: true}), reader)).rejects.toThrow(/stale lock/);
  });

  it('refuses an old lock format', async () => {
    const text = (await fixtureText('pdm/pdm.lock')).replace('lock_version = "4.5.0"', 'lock_version = "3.1"');
    await expect(resolveLock(lockKeys(), fixtureReader('pdm', {'pdm.lock': text}))).rejects.toThrow(/pdm\.lock:7: lock_version "3\.1" is not one vdist knows/);
  });
});

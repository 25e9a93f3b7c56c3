import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('pylock.toml (PEP 751)', () => {
  it('keeps the packages whose marker holds for the target', async () => {
    const lock = (await resolveLock(lockKeys(), fixtureReader('pylock')))!;
    expect([lock.file, lock.tool]).toEqual(['pylock.toml', 'pylock']);
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
  });

  it('decides `extras` and `dependency_groups` from the request', async () => {
    const lock = (await resolveLock(lockKeys({groups: ['dev'], extras: ['build'], compile_python: false}), fixtureReader('pylock')))!;
    expect(pins(lock.hashed)).toEqual(['pip==23.0.1', 'setuptools==66.1.1', 'tomli==2.0.1 ; python_version < "3.11"', 'wheel==0.38.4']);
    await expect(resolveLock(lockKeys({groups: ['docs']}), fixtureReader('pylock'))).rejects.toThrow(/pylock\.toml:4: no dependency group "docs" \(groups: dev\)/);
  });

  it('reads pylock.NAME.toml when lock_file names it', async () => {
    const text = await fixtureText('pylock/pylock.toml');
    const lock = (await resolveLock(lockKeys({lock_file: 'pylock.prod.toml'}), fixtureReader('pylock', {'pylock.prod.toml': text})))!;
    expect(lock.file).toBe('pylock.prod.toml');
  });

  it('refuses a package without a version, and lock-version 2', async () => {
    const text = await fixtureText('pylock/pylock.toml');
    await expect(resolveLock(lockKeys(), fixtureReader('pylock', {'pylock.toml': text.replace('version = "0.38.4"\n', '')}))).rejects.toThrow(/pylock\.toml:\d+: wheel has no version/);
    await expect(resolveLock(lockKeys(), fixtureReader('pylock', {'pylock.toml': text.replace('lock-version = "1.0"', 'lock-version = "2.0"')}))).rejects.toThrow(/pylock\.toml:1: lock-version "2\.0"/);
  });
});

import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('Pipfile.lock', () => {
  it('installs the default category for the target Python', async () => {
    const lock = (await resolveLock(lockKeys(), fixtureReader('pipenv')))!;
    expect([lock.file, lock.tool]).toEqual(['Pipfile.lock', 'pipenv']);
    expect(pins(lock.hashed)).toEqual(['wheel==0.38.4']);
    expect(lock.warnings).toEqual([]);
  });

  it('adds develop for the group "dev", and leaves Python markers to pip for the system python3', async () => {
    const lock = (await resolveLock(lockKeys({groups: ['dev'], compile_python: false}), fixtureReader('pipenv')))!;
    expect(pins(lock.hashed)).toEqual(['pip==23.0.1', 'tomli==2.0.1 ; python_version < "3.11"', 'wheel==0.38.4']);
  });

  it('has no extras to choose', async () => {
    await expect(resolveLock(lockKeys({extras: ['x']}), fixtureReader('pipenv'))).rejects.toThrow(/no extras to choose/);
  });

  it('warns when the Pipfile changed after locking', async () => {
    const reader = fixtureReader('pipenv', {Pipfile: (await fixtureText('pipenv/Pipfile')).replace('0.38', '0.37')});
    expect((await resolveLock(lockKeys(), reader))!.warnings.join()).toMatch(/Pipfile\.lock's hash does not match the Pipfile.*`pipenv lock`/);
  });

  it('names the line of malformed JSON, of an unhashed package, and an unknown spec', async () => {
    const text = await fixtureText('pipenv/Pipfile.lock');
    await expect(resolveLock(lockKeys(), fixtureReader('pipenv', {'Pipfile.lock': text.replace('"default": {', '"default": {,')}))).rejects.toThrow(/Pipfile\.lock:\d+: not valid JSON/);
    const unhashed = text.replace(/("wheel": \{\s*"hashes": \[)[^\]]*\]/, '$1]');
    const line = unhashed.split('\n').findIndex((l) => l.includes('"wheel": {')) + 1;
    await expect(resolveLock(lockKeys(), fixtureReader('pipenv', {'Pipfile.lock': unhashed}))).rejects.toThrow(`Pipfile.lock:${line}: no hashes for wheel 0.38.4`);
    await expect(resolveLock(lockKeys(), fixtureReader('pipenv', {'Pipfile.lock': text.replace('"pipfile-spec": 6', '"pipfile-spec": 7')}))).rejects.toThrow(/pipfile-spec 7 is not one vdist knows/);
  });
});

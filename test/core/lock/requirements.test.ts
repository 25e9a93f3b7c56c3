import {describe, expect, it} from 'vitest';
import {resolveLock} from '../../../src/core/lock/index.js';
import {fixtureReader, fixtureText, lockKeys, pins} from './fixtures.js';

describe('a requirements file with --hash', () => {
  it('serves as the lock when requirements_path carries hashes (auto)', async () => {
    const lock = (await resolveLock(lockKeys({compile_python: false}), fixtureReader('requirements')))!;
    expect([lock.file, lock.tool]).toEqual(['requirements.txt', 'requirements']);
    expect(pins(lock.hashed)).toEqual(['tomli==2.0.1 ; python_version < "3.11"', 'wheel==0.38.4']);
  });

  it('is no lock without hashes: requirements_path is installed as before', async () => {
    expect(await resolveLock(lockKeys(), fixtureReader('requirements', {'requirements.txt': 'wheel==0.38.4\n'}))).toBeUndefined();
  });

  it('names the line of an unpinned or unhashed requirement, and of -r', async () => {
    const text = await fixtureText('requirements/requirements.txt');
    const read = (t: string) => resolveLock(lockKeys({lock_file: 'requirements.txt'}), fixtureReader('requirements', {'requirements.txt': t}));
    await expect(read(`${text}requests>=2 --hash=sha256:${'a'.repeat(64)}\n`)).rejects.toThrow(/requirements\.txt:8: "requests>=2" is not pinned with ==/);
    await expect(read(`${text}requests==2.0\n`)).rejects.toThrow(/requirements\.txt:8: no hashes for requests 2\.0/);
    await expect(read(`-r base.txt\n${text}`)).rejects.toThrow(/requirements\.txt:1: "-r" is not supported/);
  });
});

describe('lock_file', () => {
  it('false turns locks off', async () => {
    expect(await resolveLock(lockKeys({lock_file: false}), fixtureReader('poetry2'))).toBeUndefined();
  });

  it('"auto" looks in working_dir, and warns when there are several', async () => {
    const uv = await fixtureText('uv/uv.lock');
    const lock = (await resolveLock(lockKeys({working_dir: 'app'}), async (p) => ({'app/pdm.lock': await fixtureText('pdm/pdm.lock'), 'app/uv.lock': uv})[p]))!;
    expect(lock.file).toBe('app/pdm.lock');
    expect(lock.warnings).toEqual(['several lock files: using app/pdm.lock, not app/uv.lock (set lock_file to pick one)']);
  });

  it('groups or extras without a lock are an error, not ignored', async () => {
    await expect(resolveLock(lockKeys({extras: ['pg']}), async () => undefined)).rejects.toThrow(/groups and extras choose from a lock file, and this build has none/);
    await expect(resolveLock(lockKeys({lock_file: false, groups: ['dev']}), fixtureReader('poetry2'))).rejects.toThrow(/groups and extras choose from a lock file, and this build has none \(lock_file = false\)/);
  });

  it('a path that is not there is an error', async () => {
    await expect(resolveLock(lockKeys({lock_file: 'poetry.lock'}), async () => undefined)).rejects.toThrow(/poetry\.lock: not found in the source/);
  });
});

import {describe, expect, it} from 'vitest';
import {isSharedDirectory, unownedParents} from '../../../src/core/tree/shared-directories.js';
import type {TreeEntry} from '../../../src/core/packagers/packager.js';

const dir = (path: string): TreeEntry => ({path, type: 'directory', mode: 0o755, size: 0, mtime: 0, linkGroup: 0});
const file = (path: string): TreeEntry => ({path, type: 'file', mode: 0o644, size: 0, mtime: 0, linkGroup: 0});

describe('shared directories', () => {
  it('are the base system\'s, not an application\'s', () => {
    for (const p of ['/opt', '/usr', '/usr/bin', '/usr/share/doc', '/etc', '/usr/lib/systemd/system', '/usr/share/man/man1']) expect(isSharedDirectory(p)).toBe(true);
    for (const p of ['/opt/app', '/usr/share/doc/app', '/etc/app', '/usr/share/man/man1/x.1', '/usr/lib/python3']) expect(isSharedDirectory(p)).toBe(false);
  });

  it('a package needs are the deepest parents it does not hold itself', () => {
    const entries = [dir('/opt/app'), file('/opt/app/x'), file('/usr/bin/app'), dir('/usr/share/doc/app'), file('/usr/share/doc/app/copyright'), file('/etc/app.conf')];
    expect(unownedParents(entries)).toEqual(['/etc', '/opt', '/usr/bin', '/usr/share/doc']);
    expect(unownedParents([])).toEqual([]);
  });
});

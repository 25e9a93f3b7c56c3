import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pino} from 'pino';
import type {Backend} from '../../../src/backends/backend.js';
import {temporaryReference} from '../../../src/core/cache/temporaries.js';
import {reapDeadProvisionings, removeDeadTemporaries} from '../../../src/core/reaper/reaper.js';

const log = pino({level: 'silent'});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vdist-reaper-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

describe('temporary cache tags', () => {
  it('carry the host and the pid, and only a dead pid of this host has its tag removed', async () => {
    const mine = temporaryReference('debian-bookworm', 'a'.repeat(64));
    expect(mine).toMatch(new RegExp(`^localhost/vdist-cache/debian-bookworm:tmp-a{12}-[0-9a-f]{8}-${process.pid}-[0-9a-f]{8}$`));
    const dead = mine.replace(`-${process.pid}-`, '-999999-');
    const live = mine.replace(`-${process.pid}-`, '-1-');
    const otherHost = dead.replace(/tmp-a{12}-[0-9a-f]{8}/, 'tmp-aaaaaaaaaaaa-00000000');
    const removed: string[] = [];
    const backend = {
      listReferences: async () => [mine, dead, live, otherHost, 'localhost/vdist-cache/debian-bookworm:tmp-old-style'],
      removeImage: async (r: string) => (removed.push(r), true),
    } as unknown as Backend;
    expect(await reapDeadProvisionings(backend, log, (pid) => pid === 1)).toEqual([dead]);
    expect(removed).toEqual([dead]);
  });
});

describe('removeDeadTemporaries', () => {
  it("removes the parts and spools of dead pids, and keeps live ones' and other files", async () => {
    const names = ['.app.deb.111-0123abcd.part', '.app.deb.222-0123abcd.part', '.vdist-deb-111-Xy12', '.vdist-rpm-222-Ab34', 'app.deb', '.hidden'];
    for (const n of names) await writeFile(join(dir, n), '');
    const removed = await removeDeadTemporaries([dir, join(dir, 'missing')], (pid) => pid === 222);
    expect(removed.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['.app.deb.111-0123abcd.part', '.vdist-deb-111-Xy12']);
    expect((await readdir(dir)).sort()).toEqual(['.app.deb.222-0123abcd.part', '.hidden', '.vdist-rpm-222-Ab34', 'app.deb']);
  });
});

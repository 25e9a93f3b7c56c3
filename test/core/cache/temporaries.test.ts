import {pino} from 'pino';
import type {Backend} from '../../../src/backends/backend.js';
import {reapDeadProvisionings, temporaryReference} from '../../../src/core/cache/temporaries.js';

const log = pino({level: 'silent'});

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

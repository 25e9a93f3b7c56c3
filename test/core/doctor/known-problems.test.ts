import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {problemsInOutput, rootlessProblems} from '../../../src/core/doctor/known-problems.js';

describe('known problems', () => {
  it('recognises crun on hybrid cgroups, setrlimit EPERM and a missing tun device', () => {
    const ids = (t: string) => problemsInOutput(t).map((p) => p.id);
    expect(ids('Error: crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2: OCI runtime error')).toEqual(['crun-hybrid-cgroups']);
    expect(ids('runc create failed: unable to start container process: error during container init: setrlimit `RLIMIT_NPROC`: operation not permitted')).toEqual(['setrlimit-eperm']);
    expect(ids('slirp4netns failed: open("/dev/net/tun"): Permission denied')).toEqual(['rootless-no-tun']);
    expect(ids('all fine')).toEqual([]);
  });

  it('finds missing subuid/subgid ranges and an unusable tun device for a rootless user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-doctor-'));
    try {
      await writeFile(join(dir, 'subuid'), 'alice:100000:65536\n');
      await writeFile(join(dir, 'subgid'), 'bob:100000:65536\n');
      const found = rootlessProblems('alice', {subuid: join(dir, 'subuid'), subgid: join(dir, 'subgid'), tun: join(dir, 'no-tun')});
      expect(found.map((p) => p.id)).toEqual(['missing-subgid', 'rootless-no-tun']);
      expect(found[0]!.fix).toContain('usermod --add-subgids');
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});

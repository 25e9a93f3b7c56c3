import {pino} from 'pino';
import {describe, expect, it} from 'vitest';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {matchingReferences} from '../../src/backends/engine-images.js';
import {fakeEngines} from '../helpers/fake-engines.js';

describe('matchingReferences', () => {
  it('keeps the names a repository:tag pattern matches, `*` within one part', () => {
    const names = ['localhost/vdist-cache/p:tmp-abc-1', 'localhost/vdist-cache/p:k1', 'localhost/vdist-cache/q/r:tmp-x', 'docker.io/library/debian:bookworm', 'localhost/vdist-cache/p:tmp-abc-1'];
    expect(matchingReferences(names, 'localhost/vdist-cache/*:tmp-*')).toEqual(['localhost/vdist-cache/p:tmp-abc-1']);
    expect(matchingReferences(names, 'localhost/vdist-cache/p')).toEqual(['localhost/vdist-cache/p:tmp-abc-1', 'localhost/vdist-cache/p:k1']);
    expect(matchingReferences(names, 'localhost/vdist-cache/p:k.')).toEqual([]);
  });

  it('lets buildah, which has no reference filter, list references from `images --json`', async () => {
    const fake = fakeEngines();
    const backend = new BuildahBackend({env: fake.env, isolation: 'chroot'});
    expect(await backend.listReferences('localhost/vdist-cache/*:k*', {log: pino({level: 'silent'})})).toEqual(['localhost/vdist-cache/p:k1']);
    expect(fake.argvs()).toEqual([['buildah', 'images', '--json']]);
  });
});

import {OWNER_LABELS} from '../../src/backends/ownership.js';
import {pino} from 'pino';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {DockerBackend} from '../../src/backends/docker.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});
const CACHE = 'io.github.vdist.cache';
const image = {id: 'abc123', references: ['localhost/vdist-cache/p:k1'], created: new Date('2026-01-02T03:04:05Z'), labels: {[CACHE]: 'k1'}};

// The image calls the provisioned-image cache makes, engine by engine.
describe.each([
  ['podman', (env: Record<string, string>) => new PodmanBackend({env})],
  ['docker', (env: Record<string, string>) => new DockerBackend({env})],
] as const)('%s image calls', (bin, make) => {
  it('inspects, lists by label, tags, commits and removes images', async () => {
    const fake = fakeEngines();
    const backend = make(fake.env);
    expect(await backend.inspectImage('localhost/vdist-cache/p:k1', {log})).toEqual({...image, sizeBytes: 1234});
    expect(await backend.listImages(CACHE, {log})).toEqual([{...image, sizeBytes: 1234}]);
    await backend.tagImage('localhost/vdist-cache/p:tmp-1', 'localhost/vdist-cache/p:k1', {log});
    await backend.commit({id: 'cid', name: 'n', backend: bin}, 'localhost/vdist-cache/p:tmp-1', {log});
    expect(await backend.removeImage('localhost/vdist-cache/p:tmp-1', {log})).toBe(true);
    expect(fake.argvs()).toEqual([
      [bin, 'image', 'inspect', 'localhost/vdist-cache/p:k1'],
      [bin, 'images', '--all', '--no-trunc', '--filter', `label=${CACHE}`, '--format', '{{.ID}}'],
      [bin, 'image', 'inspect', 'sha256:abc123'],
      [bin, 'tag', 'localhost/vdist-cache/p:tmp-1', 'localhost/vdist-cache/p:k1'],
      // The run's ownership labels are emptied on the image, so its later containers are not taken for this run's.
      [bin, 'commit', ...Object.values(OWNER_LABELS).flatMap((k) => ['--change', `LABEL ${k}=`]), 'cid', 'localhost/vdist-cache/p:tmp-1'],
      [bin, 'rmi', 'localhost/vdist-cache/p:tmp-1'],
    ]);
  });

  it('inspects a listing in one call, and one image at a time only when that call fails (one went away meanwhile)', async () => {
    const listing = ['sha256:a1', 'sha256:b2', 'sha256:c3'];
    const once = fakeEngines();
    expect((await make({...once.env, VDIST_FAKE_IMAGES: listing.join(',')}).listImages(CACHE, {log})).map((i) => i.id)).toEqual(['a1', 'b2', 'c3']);
    expect(once.argvs().slice(1)).toEqual([[bin, 'image', 'inspect', ...listing]]);

    const gone = fakeEngines({fail: [`image inspect ${listing.join(' ')}`, 'image inspect sha256:b2']});
    expect((await make({...gone.env, VDIST_FAKE_IMAGES: listing.join(',')}).listImages(CACHE, {log})).map((i) => i.id)).toEqual(['a1', 'c3']);
    expect(gone.argvs().slice(1)).toEqual([[bin, 'image', 'inspect', ...listing], ...listing.map((id) => [bin, 'image', 'inspect', id])]);
  });

  it('says "no such image" with undefined, and a failed rmi with false', async () => {
    const fake = fakeEngines({fail: ['image', 'rmi']});
    const backend = make(fake.env);
    expect(await backend.inspectImage('nope', {log})).toBeUndefined();
    expect(await backend.removeImage('nope', {log})).toBe(false);
  });
});

describe('buildah image calls', () => {
  it('inspects with `inspect --type image` and names with `images --json`, lists by label (names from the listing), tags and removes', async () => {
    const fake = fakeEngines();
    const backend = new BuildahBackend({env: fake.env});
    expect(await backend.inspectImage('localhost/vdist-cache/p:k1', {log})).toEqual(image);
    expect(await backend.listImages(CACHE, {log})).toEqual([image]);
    await backend.tagImage('a', 'b', {log});
    expect(await backend.removeImage('a', {log})).toBe(true);
    expect(fake.argvs()).toEqual([
      ['buildah', 'inspect', '--type', 'image', 'localhost/vdist-cache/p:k1'],
      ['buildah', 'images', '--json', '--no-trunc', 'abc123'],
      // The names come from the listing: one call per listed image.
      ['buildah', 'images', '--all', '--json', '--no-trunc', '--filter', `label=${CACHE}`],
      ['buildah', 'inspect', '--type', 'image', 'abc123'],
      ['buildah', 'tag', 'a', 'b'],
      ['buildah', 'rmi', 'a'],
    ]);
  });
});

import {pino} from 'pino';
import {Readable, Writable} from 'node:stream';
import {PodmanBackend} from '../../src/backends/podman.js';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {fakeEngines} from '../helpers/fake-engines.js';

/** A logger whose warnings land in `lines`. */
function capturingLog() {
  const lines: string[] = [];
  const sink = new Writable({write: (chunk: Buffer, _e, done) => (lines.push(...chunk.toString().split('\n').filter(Boolean)), done())});
  return {log: pino({level: 'warn'}, sink), warnings: () => lines.map((l) => (JSON.parse(l) as {msg: string}).msg)};
}
const container = {id: 'cid1', name: 'vdist-a-1234', backend: 'podman' as const};

describe('container removal against a busy engine', () => {
  it('tries a failed removal again, and stops once it succeeds', async () => {
    const fake = fakeEngines({fail: ['rm'], failTimes: 2, stderr: 'Error: acquiring lock 3 for container cid1: resource busy'});
    const {log, warnings} = capturingLog();
    await new PodmanBackend({env: fake.env}).remove(container, {log});
    expect(fake.argvs()).toEqual(Array(3).fill(['podman', 'rm', '--force', '--time', '0', 'cid1']));
    expect(warnings()).toEqual([]);
  });

  it('counts a container already gone as removed, with no second try', async () => {
    const fake = fakeEngines({fail: ['rm'], stderr: 'Error: no container with name or ID "cid1" found: no such container'});
    const {log, warnings} = capturingLog();
    await new PodmanBackend({env: fake.env}).remove(container, {log});
    expect(fake.argvs()).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('never throws, and warns with the engine\'s words when every try failed', async () => {
    const fake = fakeEngines({fail: ['rm'], stderr: 'error removing container "cid1": device or resource busy'});
    const {log, warnings} = capturingLog();
    await new BuildahBackend({env: fake.env}).remove({...container, backend: 'buildah'}, {log});
    expect(fake.argvs()).toEqual(Array(3).fill(['buildah', 'rm', 'cid1']));
    expect(warnings()).toEqual(['could not remove container vdist-a-1234: error removing container "cid1": device or resource busy']);
  });
});

describe('listing labelled containers against a busy engine', () => {
  it('lists again when a container went away mid-listing', async () => {
    const fake = fakeEngines({fail: ['ps'], failTimes: 1, stderr: 'Error response from daemon: getting container from store "11b4": container not known'});
    const found = await new PodmanBackend({env: fake.env}).listLabelled({log: pino({level: 'silent'})});
    expect(found.map((c) => c.name)).toEqual(['vdist-a-1234', 'vdist-b-5678']);
    expect(fake.argvs()).toHaveLength(2);
  });

  it('fails at once, naming the command, on any other error', async () => {
    const fake = fakeEngines({fail: ['ps'], stderr: 'Error: cannot connect to the engine'});
    await expect(new PodmanBackend({env: fake.env}).listLabelled({log: pino({level: 'silent'})})).rejects.toThrow(/podman ps --all .* exited with code 1\n {2}Error: cannot connect to the engine/);
    expect(fake.argvs()).toHaveLength(1);
  });
});

describe('listing cached images against a busy engine', () => {
  it('lists again when an image was removed mid-listing', async () => {
    const fake = fakeEngines({fail: ['images'], failTimes: 1, stderr: 'Error: checking if image "b415f3" is dangling: reading image "b415f3": locating image with ID "b415f3": image not known'});
    await new PodmanBackend({env: fake.env}).listImages('io.github.vdist.cache', {log: pino({level: 'silent'})});
    expect(fake.argvs().filter((a) => a[1] === 'images')).toHaveLength(2);
  });
});

describe('starting a buildah container on a busy host', () => {
  const buildah = {...container, backend: 'buildah' as const};
  const ctx = {log: pino({level: 'silent'})};

  it('makes the destination again when the memfd seal was refused, then copies once', async () => {
    const fake = fakeEngines({fail: ['run cid1 -- mkdir -p /vdist'], failTimes: 1, stderr: 'Close_Fd sealing memfd copy: Device or resource busy'});
    await new BuildahBackend({env: fake.env}).copyIn(buildah, Readable.from([Buffer.from('tar bytes')]), '/vdist', ctx);
    const runs = fake.argvs().filter((a) => a[1] === 'run').map((a) => a.slice(a.indexOf('--') + 1).join(' '));
    expect(runs).toEqual(['mkdir -p /vdist', 'mkdir -p /vdist', 'tar -x -C /vdist -f -']);
  });

  it('fails at once on any other error', async () => {
    const fake = fakeEngines({fail: ['run'], stderr: 'Error: container cid1 not known'});
    await expect(new BuildahBackend({env: fake.env}).copyIn(buildah, Readable.from([Buffer.from('x')]), '/vdist', ctx)).rejects.toThrow(/mkdir -p \/vdist exited with code 1/);
    expect(fake.argvs()).toHaveLength(1);
  });
});

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
const HICCUP = 'Close_Fd sealing memfd copy: Device or resource busy';
const MiB = 1024 * 1024;
/** `mib` MiB in 64 KiB chunks, made as they are read. */
function bigStream(mib: number): Readable {
  let left = mib * 16;
  return new Readable({read() {
    this.push(left-- > 0 ? Buffer.alloc(64 * 1024, left) : null);
  }});
}

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
    const fake = fakeEngines({fail: ['run cid1 -- mkdir -p /vdist'], failTimes: 1, stderr: HICCUP});
    await new BuildahBackend({env: fake.env}).copyIn(buildah, Readable.from([Buffer.from('tar bytes')]), '/vdist', ctx);
    const runs = fake.argvs().filter((a) => a[1] === 'run').map((a) => a.slice(a.indexOf('--') + 1).join(' '));
    expect(runs).toEqual(['mkdir -p /vdist', 'mkdir -p /vdist', 'tar -x -C /vdist -f -']);
  });

  it('starts the extraction again with the whole stream when the seal was refused before it read anything', async () => {
    const fake = fakeEngines({fail: ['run cid1 -- tar -x -C /vdist -f -'], failTimes: 1, failEarly: true, stderr: HICCUP});
    const {log, warnings} = capturingLog();
    await new BuildahBackend({env: fake.env}).copyIn(buildah, bigStream(20), '/vdist', {log});
    const tars = fake.calls().filter((c) => c.argv.includes('tar'));
    expect(tars.map((c) => c.stdinBytes)).toEqual([0, 20 * MiB]);
    expect(warnings()).toEqual([`buildah could not start the command (${HICCUP}); trying again`]);
  });

  it('does not start a command again once it took more input than can be held', async () => {
    // This fake reads all of its stdin before failing: 20 MiB gone, which no replay can give back.
    const fake = fakeEngines({fail: ['run cid1 -- tar -x -C /vdist -f -'], failTimes: 1, stderr: HICCUP});
    await expect(new BuildahBackend({env: fake.env}).copyIn(buildah, bigStream(20), '/vdist', ctx)).rejects.toThrow(/tar -x -C \/vdist -f - exited with code 1\n {2}Close_Fd sealing memfd copy/);
    expect(fake.calls().filter((c) => c.argv.includes('tar'))).toHaveLength(1);
  });

  it('fails with the source\'s own error when the stream being copied in breaks', async () => {
    const fake = fakeEngines();
    let reads = 0;
    const broken = new Readable({read() {
      if (reads++ === 0) this.push(Buffer.alloc(1000));
      else this.destroy(new Error('git archive: bad object'));
    }});
    await expect(new BuildahBackend({env: fake.env}).copyIn(buildah, broken, '/vdist', ctx)).rejects.toThrow('git archive: bad object');
  });

  it('runs a command again when the seal was refused, and its output reaches the destination once, ended once', async () => {
    const fake = fakeEngines({fail: ['run'], failTimes: 1, failEarly: true, stderr: HICCUP, runOut: 'the tar'});
    const chunks: string[] = [];
    let ends = 0;
    const sink = new Writable({write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()), final: (done) => (ends++, done())});
    const r = await new BuildahBackend({env: fake.env}).run(buildah, ['tar', '-c', '.'], {...ctx, stdout: sink});
    expect(r.exitCode).toBe(0);
    expect(fake.argvs().filter((a) => a[1] === 'run')).toHaveLength(2);
    expect(chunks.join('')).toBe('the tar\n');
    expect(ends).toBe(1);
  });

  it('gives up after three tries, naming the command and the engine\'s words', async () => {
    const fake = fakeEngines({fail: ['run'], failEarly: true, stderr: HICCUP});
    const {log, warnings} = capturingLog();
    await expect(new BuildahBackend({env: fake.env}).run(buildah, ['sh', '/vdist/build.sh'], {log})).rejects.toThrow(/buildah run .* -- sh \/vdist\/build.sh exited with code 1\n {2}Close_Fd sealing memfd copy/);
    expect(fake.argvs()).toHaveLength(3);
    expect(warnings()).toHaveLength(2);
  });

  it('fails at once on any other error', async () => {
    const fake = fakeEngines({fail: ['run'], stderr: 'Error: container cid1 not known'});
    await expect(new BuildahBackend({env: fake.env}).copyIn(buildah, Readable.from([Buffer.from('x')]), '/vdist', ctx)).rejects.toThrow(/mkdir -p \/vdist exited with code 1/);
    expect(fake.argvs()).toHaveLength(1);
  });
});

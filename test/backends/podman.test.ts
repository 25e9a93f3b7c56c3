import {OWNER_LABELS} from '../../src/backends/ownership.js';
import {Readable, Writable} from 'node:stream';
import {pino} from 'pino';
import {PodmanBackend} from '../../src/backends/podman.js';
import {VDIST_LABEL} from '../../src/backends/backend.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});

describe('PodmanBackend argv', () => {
  it('creates a labelled long-lived container with network and env', async () => {
    const fake = fakeEngines();
    const c = await new PodmanBackend({env: fake.env}).create(
      {image: 'localhost/debian:bookworm', name: 'vdist-app-1a2b', labels: {'vdist.build': 'app'}, network: 'host', env: {B: '2', A: '1'}},
      {log},
    );
    expect(c).toMatchObject({id: 'cid0123456789', name: 'vdist-app-1a2b', backend: 'podman'});
    expect(fake.argvs()).toEqual([
      ['podman', 'run', '--detach', '--name', 'vdist-app-1a2b', '--label', `${VDIST_LABEL}=true`, '--label', 'vdist.build=app',
        '--network', 'host', '--env', 'A=1', '--env', 'B=2', '--entrypoint', 'sleep', 'localhost/debian:bookworm', 'infinity'],
    ]);
  });

  it('pipes tar into `exec --interactive ... tar -x` and runs commands with exec', async () => {
    const fake = fakeEngines();
    const backend = new PodmanBackend({env: fake.env});
    const c = {id: 'cid', name: 'vdist-x', backend: 'podman' as const};
    await backend.copyIn(c, Readable.from([Buffer.alloc(2048, 1)]), '/vdist/src', {log});
    await backend.run(c, ['sh', '/vdist/build.sh'], {log, env: {X: 'y'}, workdir: '/vdist/src'});
    await backend.remove(c, {log});
    const calls = fake.calls();
    expect(calls.map((x) => x.argv)).toEqual([
      ['exec', 'cid', 'mkdir', '-p', '/vdist/src'],
      ['exec', '--interactive', 'cid', 'tar', '-x', '-C', '/vdist/src', '-f', '-'],
      ['exec', '--env', 'X=y', '--workdir', '/vdist/src', 'cid', 'sh', '/vdist/build.sh'],
      ['rm', '--force', '--time', '0', 'cid'],
    ]);
    expect(calls[1]!.stdinBytes).toBe(2048);
  });

  it('hands raw output to a local podman as fd 3 (--preserve-fds), and takes it from stdout when podman is remote or wrapped', async () => {
    const c = {id: 'cid', name: 'vdist-x', backend: 'podman' as const};
    const outputOf = async (backend: PodmanBackend) => {
      await backend.probe();
      const chunks: Buffer[] = [];
      const sink = new Writable({write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done())});
      await backend.run(c, ['tar', '-c', '.'], {log, stdout: sink});
      return Buffer.concat(chunks).toString();
    };
    const local = fakeEngines({local: true});
    expect(await outputOf(new PodmanBackend({env: local.env}))).toBe('fd3 of .\n');
    expect(local.argvs()[1]).toEqual(['podman', 'exec', '--preserve-fds=1', 'cid', 'sh', '-c', 'exec "$@" >&3 3>&-', 'vdist-fd3', 'tar', '-c', '.']);
    // Without a sink, a command runs as always.
    await new PodmanBackend({env: local.env}).run(c, ['true'], {log});
    expect(local.argvs()[2]).toEqual(['podman', 'exec', 'cid', 'true']);

    const remote = fakeEngines({local: false});
    await outputOf(new PodmanBackend({env: remote.env}));
    expect(remote.argvs()[1]).toEqual(['podman', 'exec', 'cid', 'tar', '-c', '.']);
    // A wrapper (sudo closes inherited fds) gets no fd 3 either.
    const wrapped = fakeEngines({local: true});
    await outputOf(new PodmanBackend({env: wrapped.env, command: ['podman']}));
    expect(wrapped.argvs()[1]).toEqual(['podman', 'exec', 'cid', 'tar', '-c', '.']);
  });

  it('puts --url / --connection before every verb', async () => {
    const fake = fakeEngines();
    await new PodmanBackend({env: fake.env, url: 'unix:///run/p.sock'}).listLabelled({log});
    await new PodmanBackend({env: fake.env, connection: 'builder2'}).commit({id: 'c', name: 'n', backend: 'podman'}, 'localhost/img:1', {log});
    expect(fake.argvs()).toEqual([
      ['podman', '--url', 'unix:///run/p.sock', 'ps', '--all', '--filter', `label=${VDIST_LABEL}`, '--format', ['{{.ID}}', '{{.Names}}', ...Object.values(OWNER_LABELS).map((k) => `{{index .Labels "${k}"}}`)].join('|')],
      ['podman', '--connection', 'builder2', 'commit', ...Object.values(OWNER_LABELS).flatMap((k) => ['--change', `LABEL ${k}=`]), 'c', 'localhost/img:1'],
    ]);
  });

  it('lists labelled containers', async () => {
    const fake = fakeEngines();
    expect(await new PodmanBackend({env: fake.env}).listLabelled({log})).toEqual([
      {id: 'cid1', name: 'vdist-a-1234', backend: 'podman', labels: {}},
      {id: 'cid2', name: 'vdist-b-5678', backend: 'podman', labels: {}},
    ]);
  });

  it('lists the ownership labels of each container', async () => {
    const fake = fakeEngines({ps: 'cid1|vdist-a-1|r1|h1|42|2026-01-01T00:00:00.000Z\ncid2|vdist-b-2|<no value>|<no value>|<no value>|<no value>'});
    expect(await new PodmanBackend({env: fake.env}).listLabelled({log})).toEqual([
      {id: 'cid1', name: 'vdist-a-1', backend: 'podman', labels: {[OWNER_LABELS.run]: 'r1', [OWNER_LABELS.host]: 'h1', [OWNER_LABELS.pid]: '42', [OWNER_LABELS.started]: '2026-01-01T00:00:00.000Z'}},
      {id: 'cid2', name: 'vdist-b-2', backend: 'podman', labels: {}},
    ]);
  });

  it('probes with `info --format json`', async () => {
    const fake = fakeEngines();
    expect(await new PodmanBackend({env: fake.env}).probe()).toEqual({ok: true, version: '4.3.1', rootless: true, storageDriver: 'vfs'});
    expect(fake.argvs()).toEqual([['podman', 'info', '--format', 'json']]);
  });

  it('does nothing when the image is present, pulls when missing, and suggests bootstrap when the pull fails', async () => {
    const ok = fakeEngines();
    await new PodmanBackend({env: ok.env}).ensureImage('img', {log});
    expect(ok.argvs()).toEqual([['podman', 'image', 'inspect', '--format', '{{.Id}}', 'img']]);

    const missing = fakeEngines({fail: ['image', 'pull']});
    const error = await new PodmanBackend({env: missing.env}).ensureImage('localhost/debian:bookworm', {log}, 'debian-bookworm').catch((e: unknown) => e);
    expect(missing.argvs().map((a) => a[1])).toEqual(['image', 'pull']);
    expect(error).toMatchObject({code: 'IMAGE_MISSING'});
    expect((error as {suggestions: string[]}).suggestions[0]).toBe('Make it from a Debian/Ubuntu mirror: vdist image bootstrap debian-bookworm --backend podman');
  });

  it('imports a rootfs tar from stdin', async () => {
    const fake = fakeEngines();
    await new PodmanBackend({env: fake.env}).importImage(Readable.from([Buffer.alloc(10)]), 'localhost/debian:bookworm', {log});
    expect(fake.calls()).toEqual([{bin: 'podman', argv: ['import', '-', 'localhost/debian:bookworm'], stdinBytes: 10}]);
  });

  it('runs the engine through a site prefix', async () => {
    const fake = fakeEngines();
    await new PodmanBackend({env: fake.env, command: ['env', 'podman']}).probe();
    expect(fake.argvs()).toEqual([['podman', 'info', '--format', 'json']]);
  });
});

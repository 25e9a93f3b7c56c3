import {Readable} from 'node:stream';
import {pino} from 'pino';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {fakeEngines} from '../helpers/fake-engines.js';

const log = pino({level: 'silent'});

describe('BuildahBackend argv', () => {
  it('makes a working container with `from`, labels it, and runs with isolation, network and env on every run', async () => {
    const fake = fakeEngines();
    const backend = new BuildahBackend({env: fake.env, isolation: 'chroot'});
    const c = await backend.create({image: 'img', name: 'vdist-a-1', network: 'host', env: {A: '1'}, labels: {'vdist.build': 'a'}}, {log});
    await backend.copyIn(c, Readable.from([Buffer.alloc(512)]), '/vdist/src', {log});
    await backend.run(c, ['sh', '-c', 'echo hi'], {log, env: {B: '2'}, workdir: '/vdist/src'});
    await backend.remove(c, {log});
    const calls = fake.calls();
    const id = 'vdist-x-working-container';
    expect(calls.map((x) => x.argv)).toEqual([
      ['from', '--name', 'vdist-a-1', '--pull=never', 'img'],
      ['config', '--label', 'io.github.vdist=true', '--label', 'vdist.build=a', id],
      ['run', '--isolation', 'chroot', '--network', 'host', '--env', 'A=1', id, '--', 'mkdir', '-p', '/vdist/src'],
      ['run', '--isolation', 'chroot', '--network', 'host', '--env', 'A=1', id, '--', 'tar', '-x', '-C', '/vdist/src', '-f', '-'],
      ['run', '--workingdir', '/vdist/src', '--isolation', 'chroot', '--network', 'host', '--env', 'A=1', '--env', 'B=2', id, '--', 'sh', '-c', 'echo hi'],
      ['rm', id],
    ]);
    expect(calls[3]!.stdinBytes).toBe(512);
  });

  it('lists only working containers that carry the vdist label', async () => {
    const fake = fakeEngines();
    expect(await new BuildahBackend({env: fake.env}).listLabelled({log})).toEqual([{id: 'bid1', name: 'vdist-a-1', backend: 'buildah', labels: {}}]);
    expect(fake.argvs()[1]).toEqual(['buildah', 'inspect', '--type', 'container', 'bid1']);
    const owned = fakeEngines({buildahLabels: {'io.github.vdist': 'true', 'io.github.vdist.pid': '7', 'other': 'x'}});
    expect((await new BuildahBackend({env: owned.env}).listLabelled({log}))[0]!.labels).toEqual({'io.github.vdist.pid': '7'});
    const foreign = fakeEngines({buildahLabels: {other: 'x'}});
    expect(await new BuildahBackend({env: foreign.env}).listLabelled({log})).toEqual([]);
  });

  it('labels the scratch container of an import with the owner labels, and takes them off before the commit', async () => {
    const fake = fakeEngines();
    await new BuildahBackend({env: fake.env}).importImage(Readable.from([Buffer.alloc(10)]), 'localhost/debian:bookworm', {log});
    const argvs = fake.calls().map((x) => x.argv);
    const id = 'vdist-x-working-container';
    expect(argvs[0]).toEqual(['from', '--name', expect.stringMatching(/^vdist-import-[0-9a-f]{8}$/), 'scratch']);
    expect(argvs[1]!.slice(0, 5)).toEqual(['config', '--label', 'io.github.vdist=true', '--label', 'vdist.build=image-import']);
    expect(argvs[1]).toContain(`io.github.vdist.pid=${process.pid}`);
    expect(argvs[2]!.slice(0, 2)).toEqual(['add', id]);
    expect(argvs[3]).toEqual(['config', ...['io.github.vdist', 'vdist.build', 'io.github.vdist.run', 'io.github.vdist.host', 'io.github.vdist.pid', 'io.github.vdist.started'].flatMap((k) => ['--label', `${k}-`]), id]);
    expect(argvs.slice(4)).toEqual([['commit', id, 'localhost/debian:bookworm'], ['rm', id]]);
  });

  it('probes with `buildah info` and `buildah --version`', async () => {
    const fake = fakeEngines();
    expect(await new BuildahBackend({env: fake.env}).probe()).toEqual({ok: true, version: '9.9.9', rootless: false, storageDriver: 'overlay'});
  });
});

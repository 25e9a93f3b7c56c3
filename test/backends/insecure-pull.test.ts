import {Writable} from 'node:stream';
import {pino} from 'pino';
import {describe, expect, it} from 'vitest';
import {BuildahBackend} from '../../src/backends/buildah.js';
import {DockerBackend} from '../../src/backends/docker.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {fakeEngines} from '../helpers/fake-engines.js';

function capturingLog() {
  const lines: string[] = [];
  const log = pino({level: 'debug'}, new Writable({write: (chunk, _e, done) => (lines.push(String(chunk)), done())}));
  return {log, warnings: () => lines.map((l) => JSON.parse(l) as {level: number; msg: string}).filter((l) => l.level === 40).map((l) => l.msg)};
}

describe("a profile's insecure_registry on pull", () => {
  it('podman and buildah pull with --tls-verify=false; without it, no flag', async () => {
    for (const [Engine, verb] of [[PodmanBackend, ['image', 'inspect']], [BuildahBackend, ['inspect']]] as const) {
      const fake = fakeEngines({fail: [verb[0]]});
      const {log} = capturingLog();
      await new Engine({env: fake.env}).ensureImage('registry.example:5000/debian:bookworm', {log}, 'mine', undefined, {insecure: true});
      await new Engine({env: fake.env}).ensureImage('registry.example:5000/debian:bookworm', {log}, 'mine');
      const pulls = fake.argvs().filter((a) => a[1] === 'pull');
      expect(pulls).toEqual([
        [fake.argvs()[0]![0], 'pull', '--tls-verify=false', 'registry.example:5000/debian:bookworm'],
        [fake.argvs()[0]![0], 'pull', 'registry.example:5000/debian:bookworm'],
      ]);
    }
  });

  it('docker has no such pull flag: it pulls as usual and says its daemon decides', async () => {
    const fake = fakeEngines({fail: ['image']});
    const {log, warnings} = capturingLog();
    await new DockerBackend({env: fake.env}).ensureImage('registry.example:5000/debian:bookworm', {log}, 'mine', undefined, {insecure: true});
    expect(fake.argvs().filter((a) => a[1] === 'pull')).toEqual([['docker', 'pull', 'registry.example:5000/debian:bookworm']]);
    expect(warnings()).toEqual(["insecure_registry: docker has no pull flag for it; it pulls registry.example:5000/debian:bookworm as its daemon's insecure-registries setting says"]);
  });
});

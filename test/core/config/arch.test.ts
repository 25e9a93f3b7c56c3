import {loadConfig} from '../../../src/core/config/load.js';
import {selectBuilds} from '../../../src/core/pipeline/plan.js';
import {hostArch, parseArch} from '../../../src/core/arch.js';
import {BASE, load, problems, writeProject} from './load-helpers.js';

describe('arch: a build per architecture', () => {
  it('defaults to the host architecture, and the name stays {app}-{version}-{profile}', () => {
    const [b] = load(`${BASE}[[build]]\nprofile = "debian-bookworm"\n`).builds;
    expect(b).toMatchObject({arch: hostArch(), name: 'myapp-1.0-debian-bookworm'});
  });

  it('an explicit arch joins the default name and picks the profile\'s image for it', () => {
    const [b] = load(`${BASE}[[build]]\nprofile = "debian-bookworm"\narch = "aarch64"\n`).builds;
    expect(b).toMatchObject({arch: 'arm64', name: 'myapp-1.0-debian-bookworm-arm64'});
    expect(b!.profile.image).toBe('docker.io/arm64v8/debian:bookworm');
  });

  it('a list makes one build per architecture, in order; a user\'s name gets the arch only then', () => {
    const builds = load(`${BASE}[[build]]\nname = "app"\nprofile = "debian-bookworm"\narch = ["amd64", "arm64"]\n[[build]]\nname = "one"\nprofile = "rockylinux-9"\narch = "arm64"\n`).builds;
    expect(builds.map((b) => [b.name, b.arch, b.profile.image])).toEqual([
      ['app-amd64', 'amd64', 'docker.io/library/debian:bookworm'],
      ['app-arm64', 'arm64', 'docker.io/arm64v8/debian:bookworm'],
      ['one', 'arm64', 'docker.io/arm64v8/rockylinux:9'],
    ]);
  });

  it('--arch replaces every build\'s arch, and --only still finds a build by its name without the arch', () => {
    const file = writeProject(`${BASE}[[build]]\nname = "app"\nprofile = "debian-bookworm"\narch = "amd64"\n`);
    const builds = loadConfig(file, {}, {arches: ['arm64', 'amd64']}).builds;
    expect(builds.map((b) => b.name)).toEqual(['app-arm64', 'app-amd64']);
    expect(selectBuilds(builds, ['app']).map((b) => b.name)).toEqual(['app-arm64', 'app-amd64']);
    expect(selectBuilds(builds, ['app-arm64']).map((b) => b.name)).toEqual(['app-arm64']);
  });

  it('an unknown architecture is a config problem at its line', () => {
    expect(problems(`${BASE}[[build]]\nprofile = "debian-bookworm"\narch = "riscv64"\n`)[0]).toMatch(/^vdist\.toml:7: build\[0\]\.arch: /);
  });

  it('parses the spellings vdist accepts', () => {
    expect(['amd64', 'x86_64', 'ARM64', 'aarch64', 'armhf'].map(parseArch)).toEqual(['amd64', 'amd64', 'arm64', 'arm64', undefined]);
  });
});

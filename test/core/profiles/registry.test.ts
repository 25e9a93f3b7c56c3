import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../../src/core/errors.js';
import {ProfileRegistry} from '../../../src/core/profiles/registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const seedProfiles = join(repo, 'test/fixtures/config/seed/buildprofiles');

function profilesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-profiles-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true});
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('ProfileRegistry', () => {
  it('ships current Debian, Ubuntu LTS, Rocky, Alma and Fedora profiles', () => {
    const registry = ProfileRegistry.load('/nonexistent');
    for (const name of ['debian-bookworm', 'debian-trixie', 'ubuntu-jammy', 'ubuntu-noble', 'rockylinux-9', 'almalinux-9']) expect(registry.get(name)).toBeDefined();
    expect(registry.names().some((n) => /^fedora-4\d$/.test(n))).toBe(true);
    expect(registry.get('rockylinux-9')).toMatchObject({image: 'docker.io/library/rockylinux:9', script: 'centos.sh', format: 'rpm', family: 'rhel', origin: 'builtin'});
    expect(registry.get('debian-bookworm')).toMatchObject({format: 'deb', family: 'debian', script_path: join(repo, 'templates/debian.sh'), bootstrap: {distribution: 'debian', suite: 'bookworm'}});
  });

  it('gives every Debian and Ubuntu built-in a bootstrap suite', () => {
    const registry = ProfileRegistry.load('/nonexistent');
    for (const p of registry.list().filter((p) => p.family === 'debian')) expect(p.bootstrap?.suite, p.name).toBeTruthy();
  });

  it("reads vdist's own example profiles.json as is", () => {
    const registry = ProfileRegistry.load(seedProfiles);
    expect(registry.get('centos6')).toEqual({
      name: 'centos6',
      image: 'yourcompany/centos6:latest',
      script: 'centos.sh',
      script_path: join(repo, 'templates/centos.sh'),
      format: 'rpm',
      family: 'rhel',
      origin: join(seedProfiles, 'profiles.json'),
    });
    expect(registry.get('debian')).toMatchObject({image: 'yourcompany/debian:latest', script: 'debian.sh', format: 'deb', family: 'debian'});
  });

  it('lets a user profile beat a legacy name and a built-in of the same name', () => {
    const dir = profilesDir({'profiles.json': JSON.stringify({'debian-bookworm': {docker_image: 'localhost/debian:bookworm', script: 'debian.sh'}, centos7: {docker_image: 'c7', script: 'centos.sh'}})});
    const registry = ProfileRegistry.load(dir);
    expect(registry.get('debian-bookworm')).toMatchObject({image: 'localhost/debian:bookworm', origin: join(dir, 'profiles.json')});
    expect(registry.lookup('centos7').ok).toBe(true);
  });

  it('lets a script in profiles_dir beat the built-in template of the same name', () => {
    const dir = profilesDir({'debian.sh': '#!/bin/sh\n'});
    expect(ProfileRegistry.load(dir).get('debian-bookworm')!.script_path).toBe(join(dir, 'debian.sh'));
  });

  it('reads profiles.toml with the same keys, and the explicit format and packager', () => {
    const dir = profilesDir({'profiles.toml': '[suse]\ndocker_image = "localhost/suse:15"\nscript = "suse.sh"\nformat = "rpm"\npackager = "fpm"\n'});
    expect(ProfileRegistry.load(dir).get('suse')).toMatchObject({format: 'rpm', packager: 'fpm', family: 'rhel', origin: join(dir, 'profiles.toml')});
  });

  it('asks for a format it cannot infer from the script name', () => {
    const dir = profilesDir({'profiles.json': '{"x": {"docker_image": "a", "script": "build.sh"}}'});
    expect(() => ProfileRegistry.load(dir)).toThrow(/profiles.json: x.format: cannot tell the package format from script "build.sh": add "format": "deb" or "rpm"/);
  });

  it('reports bad entries of profiles.json with the line, key and a suggestion', () => {
    const dir = profilesDir({'profiles.json': '{\n  "x": {"docker_imag": "a", "script": "debian.sh"}\n}\n'});
    try {
      ProfileRegistry.load(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => `${p.line}: ${p.key}: ${p.message}`)).toEqual(['2: x.docker_image: missing', '2: x.docker_imag: unknown key; did you mean "docker_image"?']);
    }
  });

  it('reports invalid JSON', () => {
    const dir = profilesDir({'profiles.json': '{"x": '});
    expect(() => ProfileRegistry.load(dir)).toThrow(/profiles.json: invalid JSON/);
  });

  it('suggests the closest name for an unknown profile and lists the available ones', () => {
    const found = ProfileRegistry.load('/nonexistent').lookup('rockylinux9');
    expect(found).toMatchObject({ok: false, suggestion: 'rockylinux-9'});
    expect(!found.ok && found.message).toMatch(/^unknown profile "rockylinux9". Did you mean "rockylinux-9"\? Available: almalinux-/);
  });

  it.each([
    ['ubuntu-trusty', 'ubuntu-noble'],
    ['centos6', 'rockylinux-9'],
    ['centos7', 'rockylinux-9'],
    ['debian-wheezy', 'debian-bookworm'],
  ])('names the current equivalent of the old %s', (old, current) => {
    const found = ProfileRegistry.load('/nonexistent').lookup(old);
    expect(found).toMatchObject({ok: false, suggestion: current});
    expect(!found.ok && found.message).toContain(`use "${current}"`);
  });
});

import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {fpmCommandFor, hookReader, packageMetadataFor} from '../../../src/core/pipeline/packagers.js';
import type {TreeFacts} from '../../../src/core/packagers/packager.js';
import {loadConfig} from '../../../src/core/config/load.js';

describe('packaging inputs made from a loaded vdist.toml', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function load(toml: string) {
    dir = await mkdtemp(join(tmpdir(), 'vdist-packagers-'));
    await mkdir(join(dir, 'src/scripts'), {recursive: true});
    await writeFile(join(dir, 'src/scripts/postinst.sh'), '#!/bin/sh\necho installed\n');
    await writeFile(join(dir, 'vdist.toml'), toml);
    return loadConfig(join(dir, 'vdist.toml'), {}).builds[0]!;
  }

  it('labels a tree without ELF files all, unless the build asked for its arch: then each arch gets its own package', async () => {
    const noElf = {} as TreeFacts;
    const plain = await load('[[build]]\napp = "myapp"\nversion = "1.2"\nsource = { directory = "src" }\nprofile = "debian-bookworm"\ncompile_python = false\n');
    expect(packageMetadataFor(plain, noElf, [], 1700000000).architecture).toBe('all');
    const builds = loadConfig(join(dir!, 'vdist.toml'), {}, {arches: ['amd64', 'arm64']}).builds;
    expect(builds.map((b) => packageMetadataFor(b, noElf, [], 1700000000).architecture)).toEqual(['amd64', 'arm64']);
  });

  it('gives fpm the tree, hook paths inside the container and fpm_args untouched', async () => {
    const spec = await load(`
[[build]]
app = "myapp"
version = "1.2"
source = { directory = "src" }
profile = "debian-bookworm"
packager = "fpm"
compile_python = false
runtime_deps = ["libpq5"]
after_install = "scripts/postinst.sh"
fpm_args = "--deb-no-default-config-files --license MIT"
`);
    const argv = fpmCommandFor(spec, 315_532_800);
    expect(argv.slice(0, 9)).toEqual(['fpm', '-s', 'dir', '-t', 'deb', '-n', 'myapp', '-v', '1.2']);
    expect(argv).toEqual(expect.arrayContaining(['-d', 'libpq5', '--after-install', '/vdist/src/scripts/postinst.sh', '--deb-no-default-config-files', '--license', 'MIT']));
    expect(argv.slice(-4)).toEqual(['--package', '/vdist/out/', '--', '/opt/myapp']);
  });

  it('reads native hook scripts from the source directory on the host', async () => {
    const spec = await load(`
[[build]]
app = "myapp"
version = "1.2"
source = { directory = "src" }
profile = "debian-bookworm"
`);
    expect(hookReader(spec)('scripts/postinst.sh')).toBe('#!/bin/sh\necho installed\n');
  });
});

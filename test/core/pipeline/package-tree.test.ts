import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ownersKnownBeforeScript} from '../../../src/core/pipeline/package-tree.js';
import {loadConfig} from '../../../src/core/config/load.js';

describe('ownersKnownBeforeScript', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function load(extra: string) {
    dir = await mkdtemp(join(tmpdir(), 'vdist-package-tree-'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'vdist.toml'), `[[build]]\napp = "myapp"\nversion = "1.2"\nsource = { directory = "src" }\nprofile = "debian-bookworm"\ncompile_python = false\n${extra}`);
    return loadConfig(join(dir, 'vdist.toml'), {}).builds[0]!;
  }

  it('looks the library owners up beside the script only on a cached image, with a built-in script, for the native packager', async () => {
    const spec = await load('');
    expect(ownersKnownBeforeScript(spec, true)).toBe(true);
    // Without a cached image the script provisions first: the linker cache is not final yet.
    expect(ownersKnownBeforeScript(spec, false)).toBe(false);
    // A user's script may install system packages in its build stage.
    expect(ownersKnownBeforeScript({...spec, profile: {...spec.profile, script_path: join(dir!, 'my-debian.sh')}}, true)).toBe(false);
    expect(ownersKnownBeforeScript(await load('auto_runtime_deps = false\n'), true)).toBe(false);
    expect(ownersKnownBeforeScript(await load('packager = "fpm"\n'), true)).toBe(false);
    // An .rpm names the libraries themselves: no package lookup at all.
    expect(ownersKnownBeforeScript({...spec, profile: {...spec.profile, format: 'rpm'}}, true)).toBe(false);
  });
});

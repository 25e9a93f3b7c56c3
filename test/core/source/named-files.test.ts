import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../../src/core/config/load.js';
import {ConfigError} from '../../../src/core/errors.js';
import {makeSourceTar} from '../../../src/core/source/make-source-tar.js';
import {checkNamedFiles} from '../../../src/core/source/named-files.js';

const git = (cwd: string, ...args: string[]) => execa('git', args, {cwd});

/** The problems checkNamedFiles throws, as `line key: message`. */
async function problems(check: Promise<void>): Promise<string[]> {
  const error = await check.then(() => undefined, (e: unknown) => e);
  if (error === undefined) return [];
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.map((p) => `${p.line} ${p.key}: ${p.message}`);
}

describe('checkNamedFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-named-'));
  });
  afterEach(() => rm(dir, {recursive: true, force: true}));

  const toml = (source: string, extra = '') => `[defaults]
app = "myapp"
version = "1.0"
source = ${source}
compile_python = false
working_dir = "app"

[[build]]
profile = "debian-bookworm"
systemd_units = ["deploy/myapp.service"]
lock_file = "poetry.lock"
changelog = "CHANGES.md"
${extra}`;

  async function repo(files: Record<string, string>): Promise<string> {
    const path = join(dir, 'repo');
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(path, name, '..'), {recursive: true});
      await writeFile(join(path, name), text);
    }
    await git(path, 'init', '--quiet', '--initial-branch', 'main');
    await git(path, 'add', '.');
    await git(path, '-c', 'user.email=t@example.invalid', '-c', 'user.name=T', 'commit', '--quiet', '-m', 'one');
    return path;
  }

  it('git_directory: looks in the branch, not the working tree; lock_file and changelog are relative to working_dir', async () => {
    const path = await repo({'deploy/myapp.service': '[Unit]\n', 'app/poetry.lock': ''});
    // In the working tree only: the build archives the branch, so it is missing.
    await writeFile(join(path, 'app', 'CHANGES.md'), '# 1.0\n');
    await writeFile(join(dir, 'vdist.toml'), toml(`{ git_directory = "repo", branch = "main" }`));
    const {builds} = loadConfig(join(dir, 'vdist.toml'), {});
    expect(builds[0]!.named_files!.map((f) => [f.key, f.path, f.from])).toEqual([
      ['build[0].systemd_units[0]', 'deploy/myapp.service', 'tar'],
      ['build[0].changelog', 'app/CHANGES.md', 'read'],
      ['build[0].lock_file', 'app/poetry.lock', 'read'],
    ]);
    expect(await problems(checkNamedFiles(builds))).toEqual([`12 build[0].changelog: "app/CHANGES.md" is not a file in the source (branch main of ${path}) (the path is relative to working_dir)`]);
    await git(path, 'add', '.');
    await git(path, '-c', 'user.email=t@example.invalid', '-c', 'user.name=T', 'commit', '--quiet', '-m', 'two');
    expect(await problems(checkNamedFiles(builds))).toEqual([]);
  });

  it('git: a relative hook the native packager reads on the host is refused at load; the rest is checked in the cloned tree', async () => {
    const path = await repo({'app/poetry.lock': '', 'app/CHANGES.md': ''});
    await writeFile(join(dir, 'vdist.toml'), toml(`{ git = "file://${path}", branch = "main" }`, 'after_install = "deploy/postinst.sh"\n'));
    expect(() => loadConfig(join(dir, 'vdist.toml'), {})).toThrow(/vdist.toml:13: build\[0\].after_install: "deploy\/postinst.sh": a git source has no checkout on the host/);
    await writeFile(join(dir, 'vdist.toml'), toml(`{ git = "file://${path}", branch = "main" }`));
    const {builds} = loadConfig(join(dir, 'vdist.toml'), {});
    // Not cloned yet: nothing can be told, so nothing is reported.
    expect(await problems(checkNamedFiles(builds))).toEqual([]);
    const source = await makeSourceTar(builds[0]!.source);
    try {
      expect(await problems(checkNamedFiles(builds, {probe: (p) => source.hasFile(p)}))).toEqual([
        '10 build[0].systemd_units[0]: "deploy/myapp.service" is not a file in the source (main) (the path is relative to the source root)',
      ]);
    } finally {
      source.tar.resume();
      await source.cleanup();
    }
  });

  it('each build of several arches, or one [defaults] key, reports a missing file once', async () => {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'vdist.toml'), `[defaults]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "src" }\nbefore_remove = "prerm.sh"\n\n[[build]]\nprofile = "debian-bookworm"\n\n[[build]]\nprofile = "rockylinux-9"\n`);
    const {builds} = loadConfig(join(dir, 'vdist.toml'), {}, {arches: ['amd64', 'arm64']});
    expect(builds).toHaveLength(4);
    expect(await problems(checkNamedFiles(builds))).toEqual([`5 defaults.before_remove: "prerm.sh" is not a file in ${join(dir, 'src')} (the path is relative to the source root)`]);
  });

  it('parses fpm_args once at load, for the native packager only', async () => {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'vdist.toml'), `[defaults]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "src" }\nfpm_args = "--iteration 3 --depends 'libfoo (>= 2)'"\n\n[[build]]\nprofile = "debian-bookworm"\n\n[[build]]\nprofile = "debian-bookworm"\nname = "fpm"\npackager = "fpm"\n`);
    const [native, fpm] = loadConfig(join(dir, 'vdist.toml'), {}).builds;
    expect(native!.native_fpm_args).toMatchObject({iteration: '3', depends: ['libfoo (>= 2)']});
    expect(fpm!.native_fpm_args!.iteration).toBeUndefined();
    expect(fpm!.native_fpm_args!.depends).toEqual([]);
  });
});

import {availableParallelism} from 'node:os';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig, loadToolSettings} from '../../../src/core/config/load.js';
import {ConfigError} from '../../../src/core/errors.js';
import {DEFAULT_PYTHON_VERSION} from '../../../src/core/python/known-tarballs.js';
import {BASE, load, problems, writeProject} from './load-helpers.js';

describe('loadConfig', () => {
  it('merges [defaults] into each build and fills every default', () => {
    const config = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`);
    const [b] = config.builds;
    expect(b).toMatchObject({
      name: 'myapp-1.0-debian-bookworm',
      app: 'myapp',
      version: '1.0',
      build_deps: [],
      runtime_deps: [],
      fpm_args: [],
      pip_args: [],
      working_dir: '',
      requirements_path: 'requirements.txt',
      compile_python: true,
      compile_python_version: DEFAULT_PYTHON_VERSION,
      python_basedir: '/opt/myapp/python',
      python_mirror: 'https://www.python.org/ftp/python',
      python_keep: [],
      package_install_root: '/opt',
      packager: 'native',
      compression: {algorithm: 'xz', level: 0},
      auto_runtime_deps: true,
      config_dir: dirname(config.file),
    });
    expect(b!.profile).toMatchObject({name: 'debian-bookworm', image: 'docker.io/library/debian:bookworm', format: 'deb', family: 'debian', origin: 'builtin'});
    expect(b!.source).toEqual({kind: 'directory', path: dirname(config.file)});
    expect(Object.isFrozen(b)).toBe(true);
  });

  it('fills the tool settings, resolving paths against the config dir', () => {
    const config = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`);
    const dir = dirname(config.file);
    expect(config.settings).toEqual({profiles_dir: join(dir, 'buildprofiles'), output_dir: join(dir, 'dist'), jobs: availableParallelism()});
  });

  it('reads every [vdist] setting', () => {
    const config = load(`[vdist]\nprofiles_dir = "p"\nbackend = "buildah"\noutput_dir = "/tmp/out"\njobs = 3\nnetwork = "host"\nisolation = "oci"\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`);
    expect(config.settings).toEqual({profiles_dir: join(dirname(config.file), 'p'), backend: 'buildah', output_dir: '/tmp/out', jobs: 3, network: 'host', isolation: 'oci'});
  });

  it('turns characters outside [A-Za-z0-9.-] of the default name into _', () => {
    const config = load('[defaults]\napp = "my+app"\nversion = "1.0~rc1"\nsource = { directory = "." }\n[[build]]\nprofile = "debian-bookworm"\n');
    expect(config.builds[0]!.name).toBe('my_app-1.0_rc1-debian-bookworm');
  });

  it('lets a build override [defaults]', () => {
    const config = load(`${BASE}runtime_deps = ["libpq5"]\n[[build]]\nprofile = "debian-bookworm"\nruntime_deps = ["libpq5", "libssl3"]\nversion = "2.0"\n`);
    expect(config.builds[0]).toMatchObject({version: '2.0', runtime_deps: ['libpq5', 'libssl3']});
  });

  it('uses /usr as python_basedir when compile_python is false', () => {
    const config = load(`${BASE}\n[[build]]\nprofile = "rockylinux-9"\ncompile_python = false\n`);
    expect(config.builds[0]).toMatchObject({compile_python: false, python_basedir: '/usr'});
  });

  it('accepts python_version as an alias of compile_python_version', () => {
    expect(load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npython_version = "3.11.2"\n`).builds[0]!.compile_python_version).toBe('3.11.2');
  });

  it('strips the leading slash of requirements_path and the slashes of working_dir', () => {
    const b = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nrequirements_path = "/req/prod.txt"\nworking_dir = "/app/"\n`).builds[0]!;
    expect(b).toMatchObject({requirements_path: 'req/prod.txt', working_dir: 'app'});
  });

  it('splits string fpm_args and pip_args shell-style and keeps arrays as they are', () => {
    const b = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nfpm_args = "--description 'My app' --license MIT"\npip_args = ["--index-url", "https://x/simple"]\n`).builds[0]!;
    expect(b.fpm_args).toEqual(['--description', 'My app', '--license', 'MIT']);
    expect(b.pip_args).toEqual(['--index-url', 'https://x/simple']);
  });

  it('expands ${VAR} and ${VAR:-default} in every string', () => {
    const toml = '[vdist]\noutput_dir = "${OUT:-out}"\n[defaults]\napp = "${APP}"\nversion = "1.0.${BUILD:-0}"\nsource = { directory = "." }\nbuild_deps = ["${DEP}"]\n[[build]]\nprofile = "debian-bookworm"\n';
    const config = load(toml, {APP: 'fromenv', DEP: 'gcc', BUILD: ''});
    expect(config.builds[0]).toMatchObject({app: 'fromenv', version: '1.0.0', build_deps: ['gcc']});
    expect(config.settings.output_dir).toBe(join(dirname(config.file), 'out'));
  });

  it('resolves git_directory and keeps git URLs', () => {
    const config = load(`[defaults]\napp = "myapp"\nversion = "1.0"\n[[build]]\nprofile = "debian-bookworm"\nsource = { git_directory = "repo", branch = "main" }\n[[build]]\nprofile = "rockylinux-9"\nsource = { git = "https://example.invalid/r.git", branch = "v1" }\n`, {}, {'repo/README': 'x'});
    expect(config.builds[0]!.source).toEqual({kind: 'git_directory', path: join(dirname(config.file), 'repo'), branch: 'main'});
    expect(config.builds[1]!.source).toEqual({kind: 'git', uri: 'https://example.invalid/r.git', branch: 'v1'});
  });

  it('takes the packager from the profile unless the build sets one', () => {
    const files = {'buildprofiles/profiles.toml': '[legacy-fpm]\ndocker_image = "localhost/debian:bookworm"\nscript = "debian.sh"\npackager = "fpm"\n'};
    const config = load(`${BASE}\n[[build]]\nprofile = "legacy-fpm"\n[[build]]\nname = "n"\nprofile = "legacy-fpm"\npackager = "native"\n`, {}, files);
    expect(config.builds.map((b) => b.packager)).toEqual(['fpm', 'native']);
  });

  it('says how to get a config when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/vdist.toml', {})).toThrow(/vdist.toml: file not found: run `vdist init` to write one, or pass --config PATH/);
  });

  it('shows a TOML syntax error with its line and a caret', () => {
    const file = writeProject('[defaults]\napp = "myapp"\nversion = = "1"\n');
    try {
      loadConfig(file, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).problems[0]!.line).toBe(3);
      expect((error as Error).message).toContain('TOML syntax error: unexpected character: ->=<-');
      expect((error as Error).message).toContain('\n    version = = "1"\n              ^');
    }
  });

  it('finds the line of a table defined twice', () => {
    expect(problems('[defaults]\napp = "a"\n[defaults]\nversion = "1"\n')[0]).toMatch(/^vdist.toml:3: TOML syntax error: Cannot create table 'defaults'/);
  });
});

describe('loadToolSettings', () => {
  it('gives the defaults, relative to the current dir, when there is no vdist.toml', () => {
    expect(loadToolSettings('/nonexistent/vdist.toml', {})).toMatchObject({profiles_dir: join(process.cwd(), 'buildprofiles'), output_dir: join(process.cwd(), 'dist')});
  });

  it('reads only [vdist], so a broken build does not stop `vdist profiles`', () => {
    const file = writeProject('[vdist]\nprofiles_dir = "${P:-mine}"\n[[build]]\nbogus = 1\n');
    expect(loadToolSettings(file, {}).profiles_dir).toBe(join(dirname(file), 'mine'));
  });

  it('reports problems in [vdist] with their lines', () => {
    const file = writeProject('[vdist]\njobs = "two"\n');
    expect(() => loadToolSettings(file, {})).toThrow(/vdist.toml:2: vdist.jobs: expected a number, got a string/);
  });
});

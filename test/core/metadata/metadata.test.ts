import {packageMetadata} from '../../../src/core/metadata/metadata.js';
import {ConfigError} from '../../../src/core/errors.js';
import type {BuildSpec} from '../../../src/core/types.js';

function spec(over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    name: 'app :: debian', app: 'myapp', version: '1.0', source: {kind: 'directory', path: '.'},
    profile: {name: 'debian-bookworm', image: 'x', script: 'debian.sh', script_path: '/x', format: 'deb', family: 'debian', origin: 'builtin'}, arch: 'amd64',
    build_deps: [], runtime_deps: ['libpq5'], fpm_args: [], pip_args: [], working_dir: '', requirements_path: 'requirements.txt',
    lock_file: 'auto', groups: [], extras: [], allow_unhashed: false, strict_lock: false,
    compile_python: true, compile_python_version: '3.12.8', python_basedir: '/opt/python', python_mirror: 'x', python_keep: [], package_install_root: '/opt',
    packager: 'native', compression: {algorithm: 'xz', level: 6}, auto_runtime_deps: true, systemd_units: [], config_files: {}, config_dir: '/src', ...over,
  };
}
const readScript = (p: string) => `script from ${p}`;

describe('packageMetadata', () => {
  it('merges runtime_deps, fpm -d and auto deps (first one per name wins), reads hooks', () => {
    const meta = packageMetadata(spec({fpm_args: ['-d', 'libssl3 (>= 3)', '--after-install', 'fpm-post.sh', '--before-remove=rm.sh'], after_install: 'hooks/post.sh'}), {
      sourceDateEpoch: 5, autoDepends: ['libc6 (>= 2.36)', 'libpq5 (>= 15)'], architecture: 'amd64', readScript,
    });
    expect(meta.depends).toEqual(['libpq5', 'libssl3 (>= 3)', 'libc6 (>= 2.36)']);
    expect(meta.scripts).toEqual({after_install: 'script from hooks/post.sh', before_remove: 'script from rm.sh'});
    expect(meta).toMatchObject({name: 'myapp', version: '1.0', architecture: 'amd64', source_date_epoch: 5, compression: {algorithm: 'xz'}});
    expect(meta.iteration).toBeUndefined();
  });

  it('takes fpm flags: architecture aliases, iteration, epoch, compression per format', () => {
    const meta = packageMetadata(spec({fpm_args: ['-a', 'x86_64', '--iteration', '3', '--epoch', '1', '--deb-compression', 'zst', '--rpm-compression', 'gz']}), {sourceDateEpoch: 0, readScript});
    expect(meta).toMatchObject({architecture: 'amd64', iteration: '3', epoch: 1, compression: {algorithm: 'zstd'}});
  });

  it('gives a one-line description an extended paragraph, wrapped so no line passes 79 columns', () => {
    const meta = packageMetadata(spec({app: 'an-application-with-a-long-name', package_install_root: '/opt/some/deep/install/root'}), {sourceDateEpoch: 0, readScript});
    const [synopsis, ...body] = meta.description.split('\n');
    expect(synopsis).toBe('Python application packaged with vdist');
    expect(body.join(' ')).toBe('an-application-with-a-long-name 1.0 and its Python dependencies in a virtualenv at /opt/some/deep/install/root/an-application-with-a-long-name, with its own CPython.');
    expect(body.length).toBeGreaterThan(1);
    for (const line of body) expect(line.length).toBeLessThanOrEqual(79);
    expect(packageMetadata(spec({fpm_args: ['--description', 'Mine\nin two lines']}), {sourceDateEpoch: 0, readScript}).description).toBe('Mine\nin two lines');
  });

  it('reports all problems at once as a ConfigError naming the build and key', () => {
    let error: unknown;
    try {
      packageMetadata(spec({version: 'v1', fpm_args: ['--rpm-sign', '--epoch', 'x'], runtime_deps: ['a => 1'], after_remove: 'missing.sh'}), {
        sourceDateEpoch: 0,
        readScript: () => {
          throw new Error('ENOENT');
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((p) => p.key);
    expect(keys).toEqual(['app :: debian.fpm_args', 'app :: debian.fpm_args', 'app :: debian.runtime_deps', 'app :: debian.after_remove', 'app :: debian.version']);
    expect((error as ConfigError).message).toMatch(/packager = "fpm"/);
  });

  it('ignores fpm_args for the fpm packager (fpm gets them verbatim)', () => {
    expect(() => packageMetadata(spec({packager: 'fpm', fpm_args: ['--rpm-sign']}), {sourceDateEpoch: 0, readScript})).not.toThrow();
  });

  describe('deployment (issue 10)', () => {
    const rocky = {name: 'rockylinux-9', image: 'x', script: 'centos.sh', script_path: '/x', format: 'rpm', family: 'rhel', origin: 'builtin'} as const;
    const system = {compile_python: false, python_basedir: '/usr', runtime_deps: []};

    it("pins the target's own python3 to the minor version the venv was made with", () => {
      expect(packageMetadata(spec(system), {sourceDateEpoch: 0, readScript, pythonVersion: '3.11', autoDepends: ['libc6 (>= 2.36)']}).depends).toEqual([
        'libc6 (>= 2.36)', 'python3 (>= 3.11)', 'python3 (<< 3.12)',
      ]);
      expect(packageMetadata(spec({...system, profile: rocky}), {sourceDateEpoch: 0, readScript, pythonVersion: '3.9'}).depends).toEqual(['python(abi) = 3.9']);
    });

    it("adds no interpreter for a compiled CPython, one in another prefix, or when runtime_deps name it", () => {
      const deps = (over: Partial<BuildSpec>) => packageMetadata(spec(over), {sourceDateEpoch: 0, readScript, pythonVersion: '3.11'}).depends;
      expect(deps({runtime_deps: []})).toEqual([]);
      expect(deps({...system, python_basedir: '/opt/company/python'})).toEqual([]);
      expect(deps({...system, runtime_deps: ['python3']})).toEqual(['python3']);
    });

    it('marks config_files and fpm --config-files as configuration, and lists the units the scripts manage', () => {
      const meta = packageMetadata(spec({
        config_files: {'/etc/myapp/config.toml': 'deploy/config.toml'},
        fpm_args: ['--config-files', 'etc/myapp/extra.toml', '--config-files', '/etc/myapp/config.toml'],
        systemd_units: ['deploy/myapp.service', 'deploy/myapp@.service'],
      }), {sourceDateEpoch: 0, readScript});
      expect(meta.config_files).toEqual(['/etc/myapp/config.toml', '/etc/myapp/extra.toml']);
      // A template unit is shipped, never enabled without an instance.
      expect(meta.systemd_units).toEqual(['myapp.service']);
    });
  });
});

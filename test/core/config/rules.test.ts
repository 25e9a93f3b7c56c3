import {describe, expect, it} from 'vitest';
import {BASE, load, problems} from './load-helpers.js';

// One case per config rule: each bad input, and the exact message users see.
describe('vdist.toml rules', () => {
  const one = (toml: string, env?: NodeJS.ProcessEnv, files?: Record<string, string>) => {
    const found = problems(toml, env, files);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  describe('structure', () => {
    it('needs at least one [[build]]', () => {
      expect(one(BASE)).toBe('vdist.toml: build: no [[build]] table: add at least one');
    });

    it('refuses [build] written as a single table', () => {
      expect(one(`${BASE}\n[build]\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:6: build: write each build as [[build]] (double brackets), not [build]');
    });

    it('names a missing required key and where to set it', () => {
      expect(one('[[build]]\nversion = "1.0"\nsource = { directory = "." }\nprofile = "debian-bookworm"\n')).toBe(
        'vdist.toml:1: build[0]: missing required key "app": set it in [defaults] or in this [[build]]',
      );
    });

    it('suggests the closest key for a typo in a build', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nbulid_deps = ["gcc"]\n`)).toBe('vdist.toml:8: build[0].bulid_deps: unknown key; did you mean "build_deps"?');
    });

    it('suggests the closest key in [vdist]', () => {
      expect(one(`[vdist]\nouptut_dir = "out"\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:2: vdist.ouptut_dir: unknown key; did you mean "output_dir"?');
    });

    it('suggests the closest key inside source', () => {
      expect(one('[defaults]\napp = "myapp"\nversion = "1.0"\nsource = { directory = ".", brnach = "main" }\n[[build]]\nprofile = "debian-bookworm"\n')).toBe(
        'vdist.toml:4: defaults.source.brnach: unknown key; did you mean "branch"?',
      );
    });

    it('lists the allowed keys when nothing is close', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nzzzzzzzzzz = 1\n`)).toMatch(/^vdist.toml:8: build\[0\]\.zzzzzzzzzz: unknown key; allowed keys: name, app, version, source, profile, /);
    });

    it('says a build key at the top level belongs in [defaults] or [[build]]', () => {
      expect(one(`app = "x"\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:1: app: unknown top-level key: build keys belong in [defaults] or in a [[build]] table');
    });

    it('says a tool setting in a build belongs in [vdist]', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\noutput_dir = "out"\n`)).toBe('vdist.toml:8: build[0].output_dir: this is a tool setting: it belongs in the [vdist] table');
    });
  });

  describe('types', () => {
    it('wants a boolean, with the line of the second build', () => {
      const toml = `${BASE}\n[[build]]\nprofile = "debian-bookworm"\n\n[[build]]\nname = "b"\nprofile = "debian-trixie"\ncompile_python = "yes"\n`;
      expect(one(toml)).toBe('vdist.toml:12: build[1].compile_python: expected a boolean (true or false), got a string');
    });

    it('tells to quote a version written as a number', () => {
      expect(one('[defaults]\napp = "myapp"\nversion = 1.5\nsource = { directory = "." }\n[[build]]\nprofile = "debian-bookworm"\n')).toBe(
        'vdist.toml:3: defaults.version: expected a string, got the number 1.5 (put it in quotes: "1.5")',
      );
    });

    it('wants a list of strings for build_deps', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nbuild_deps = "gcc"\n`)).toBe('vdist.toml:8: build[0].build_deps: expected an array, got a string');
    });

    it('wants a string or array for pip_args', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npip_args = 3\n`)).toBe('vdist.toml:8: build[0].pip_args: expected a string or an array of strings, got the number 3');
    });

    it('suggests the closest packager', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npackager = "natve"\n`)).toBe('vdist.toml:8: build[0].packager: expected one of "native", "fpm"; did you mean "native"?');
    });

    it('wants a known backend', () => {
      expect(one(`[vdist]\nbackend = "podmn"\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:2: vdist.backend: expected one of "podman", "buildah", "docker"; did you mean "podman"?');
    });

    it('wants jobs of at least 1', () => {
      expect(one(`[vdist]\njobs = 0\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:2: vdist.jobs: must be at least 1');
    });

    it('wants an integer for jobs', () => {
      expect(one(`[vdist]\njobs = 1.5\n${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`)).toMatch(/^vdist.toml:2: vdist.jobs: expected an integer/);
    });
  });

  describe('${VAR} expansion', () => {
    it('names an unset variable that has no default', () => {
      expect(one('[defaults]\napp = "myapp"\nversion = "1.0.${CI_BUILD_NUMBER}"\nsource = { directory = "." }\n[[build]]\nprofile = "debian-bookworm"\n')).toBe(
        'vdist.toml:3: defaults.version: environment variable CI_BUILD_NUMBER is not set: set it, or give a default with ${CI_BUILD_NUMBER:-value}',
      );
    });
  });

  describe('package identity', () => {
    const build = (app: string, version: string, profile: string) =>
      one(`[defaults]\napp = "${app}"\nversion = "${version}"\nsource = { directory = "." }\n[[build]]\nprofile = "${profile}"\n`);

    it('refuses a deb name with capitals or underscores', () => {
      expect(build('My_App', '1.0', 'debian-bookworm')).toBe(
        'vdist.toml:2: defaults.app: "My_App" is not a valid deb package name: Debian package names must be at least two characters of lower-case letters, digits, "+", "-" and ".", starting with a letter or digit (Debian Policy 5.6.1)',
      );
    });

    it('refuses an rpm name with a space', () => {
      expect(build('my app', '1.0', 'rockylinux-9')).toBe(
        'vdist.toml:2: defaults.app: "my app" is not a valid rpm package name: RPM package names may only use letters, digits and "-._+", and must not start with "-" or "."',
      );
    });

    it('refuses a deb version that does not start with a digit', () => {
      expect(build('myapp', 'v1.0', 'debian-bookworm')).toMatch(/^vdist.toml:3: defaults.version: "v1.0" is not a valid deb version: Debian versions must start with a digit/);
    });

    it('refuses an rpm version with a hyphen', () => {
      expect(build('myapp', '1.0-1', 'rockylinux-9')).toMatch(/^vdist.toml:3: defaults.version: "1.0-1" is not a valid rpm version: RPM versions may only use letters, digits and "._\+~\^" \(no "-"/);
    });
  });

  describe('python', () => {
    it('refuses both python_version and compile_python_version', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npython_version = "3.12.8"\ncompile_python_version = "3.12.8"\n`)).toBe(
        'vdist.toml:8: build[0].python_version: python_version is an alias of compile_python_version: set only one of them',
      );
    });

    it('wants a CPython 3.X.Y version', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npython_version = "3.12"\n`)).toMatch(/^vdist.toml:8: build\[0\].python_version: "3.12" is not a CPython 3 release: write it as 3.X.Y/);
    });

    it('wants a URL for python_mirror', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npython_mirror = "/srv/python"\n`)).toBe('vdist.toml:8: build[0].python_mirror: "/srv/python" must be an http://, https:// or file:// URL');
    });

    it('wants 64 hex digits for python_sha256', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npython_sha256 = "abc"\n`)).toBe('vdist.toml:8: build[0].python_sha256: must be 64 hexadecimal digits (the output of sha256sum)');
    });
  });

  describe('source', () => {
    const withSource = (source: string) => `[defaults]\napp = "myapp"\nversion = "1.0"\nsource = ${source}\n[[build]]\nprofile = "debian-bookworm"\n`;

    it('needs one kind', () => {
      expect(one(withSource('{ branch = "main" }'))).toBe('vdist.toml:4: defaults.source: needs one of directory, git_directory or git');
    });

    it('refuses two kinds', () => {
      expect(one(withSource('{ directory = ".", git = "https://h/r.git", branch = "main" }'))).toBe('vdist.toml:4: defaults.source: set only one of directory, git');
    });

    it('needs a branch for git', () => {
      expect(one(withSource('{ git = "https://h/r.git" }'))).toBe('vdist.toml:4: defaults.source.branch: missing: a git source needs a branch, e.g. { git = "https://h/r.git", branch = "main" }');
    });

    it('refuses a branch for a directory', () => {
      expect(one(withSource('{ directory = ".", branch = "main" }'))).toBe('vdist.toml:4: defaults.source.branch: branch only applies to git and git_directory sources');
    });

    it('wants an existing directory', () => {
      expect(one(withSource('{ directory = "nope" }'))).toMatch(/^vdist.toml:4: defaults.source.directory: directory ".*\/nope" does not exist$/);
    });
  });

  describe('paths and words', () => {
    const key = (line: string) => one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\n${line}\n`);

    it('wants an absolute package_install_root', () => {
      expect(key('package_install_root = "opt"')).toBe('vdist.toml:8: build[0].package_install_root: "opt" must be an absolute path');
    });

    it('wants an absolute python_basedir', () => {
      expect(key('python_basedir = "python"')).toBe('vdist.toml:8: build[0].python_basedir: "python" must be an absolute path');
    });

    it('keeps working_dir inside the source', () => {
      expect(key('working_dir = "../other"')).toBe('vdist.toml:8: build[0].working_dir: must stay inside the source: remove ".."');
    });

    it('keeps requirements_path inside working_dir', () => {
      expect(key('requirements_path = "../requirements.txt"')).toBe('vdist.toml:8: build[0].requirements_path: must be a file inside working_dir, e.g. requirements.txt');
    });

    it('wants a plain custom_filename', () => {
      expect(key('custom_filename = "out/x.deb"')).toBe('vdist.toml:8: build[0].custom_filename: must be a plain file name, without "/"');
    });

    it('refuses fpm_args with an unterminated quote', () => {
      expect(key(`fpm_args = "--description 'oops"`)).toBe('vdist.toml:8: build[0].fpm_args: has an unterminated quote');
    });

    it('refuses an fpm flag the native packager does not know, at load time, pointing to packager = "fpm"', () => {
      expect(key('fpm_args = "--deb-frobnicate yes"')).toMatch(
        /^vdist\.toml:8: build\[0\]\.fpm_args: fpm flag --deb-frobnicate is not supported by the native packager; set packager = "fpm" to pass it to fpm/,
      );
    });

    it('takes any fpm flag when packager = "fpm" (fpm itself judges them)', () => {
      expect(load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npackager = "fpm"\nfpm_args = "--deb-frobnicate yes"\n`).builds[0]!.fpm_args).toEqual(['--deb-frobnicate', 'yes']);
    });

    it('checks fpm_args values: epoch, iteration and relations', () => {
      expect(key('fpm_args = "--epoch x"')).toBe('vdist.toml:8: build[0].fpm_args: --epoch must be a whole number, got "x"');
      expect(key('fpm_args = "--iteration 1-2"')).toBe('vdist.toml:8: build[0].fpm_args: --iteration "1-2" may hold only letters, digits and . + ~');
      expect(key('fpm_args = ["--conflicts", "foo (~> 1)"]')).toMatch(/^vdist\.toml:8: build\[0\]\.fpm_args: --conflicts: "foo \(~> 1\)" is not a dependency/);
    });

    it('checks runtime_deps relations at load time', () => {
      expect(key('runtime_deps = ["libpq5 (>= )"]')).toMatch(/^vdist\.toml:8: build\[0\]\.runtime_deps: "libpq5 \(>= \)" is not a dependency/);
    });

    it('names the python_keep groups it knows', () => {
      expect(key('python_keep = ["idle"]')).toMatch(/^vdist\.toml:8: build\[0\]\.python_keep\[0\]: expected one of "setuptools", "ensurepip", "idlelib"/);
    });

    it('refuses pip_args with an unterminated quote', () => {
      expect(key(`pip_args = '--index-url "x'`)).toBe('vdist.toml:8: build[0].pip_args: has an unterminated quote');
    });
  });

  describe('profiles and names', () => {
    it('suggests the closest profile and lists them', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debain-bookworm"\n`)).toMatch(/^vdist.toml:7: build\[0\].profile: unknown profile "debain-bookworm". Did you mean "debian-bookworm"\? Available: .*debian-bookworm.*rockylinux-9/);
    });

    it('names the current equivalent of an old vdist profile', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "ubuntu-trusty"\n`)).toMatch(/^vdist.toml:7: build\[0\].profile: profile "ubuntu-trusty" was one of vdist's old profiles, .*: use "ubuntu-noble"/);
    });

    it('refuses an empty build name', () => {
      expect(one(`${BASE}\n[[build]]\nname = " "\nprofile = "debian-bookworm"\n`)).toBe('vdist.toml:7: build[0].name: must not be empty: remove it for the default {app}-{version}-{profile}');
    });

    it('refuses two builds with the same name', () => {
      expect(one(`${BASE}\n[[build]]\nname = "x"\nprofile = "debian-bookworm"\n[[build]]\nname = "x"\nprofile = "debian-trixie"\n`)).toBe(
        'vdist.toml:10: build[1].name: duplicate build name "x": give each [[build]] its own name',
      );
    });
  });

  describe('lock files', () => {
    it('defaults to lock_file = "auto", no groups or extras, hashes required, stale locks warned about', () => {
      expect(load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`).builds[0]).toMatchObject({lock_file: 'auto', groups: [], extras: [], allow_unhashed: false, strict_lock: false});
      expect(load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = "poetry.lock"\ngroups = ["web"]\nextras = ["pg"]\n`).builds[0]).toMatchObject({lock_file: 'poetry.lock', groups: ['web'], extras: ['pg']});
      expect(load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = false\n`).builds[0]).toMatchObject({lock_file: false});
    });

    it('refuses a lock_file vdist cannot read, true, and empty group names', () => {
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = "setup.cfg"\n`)).toMatch(/^vdist.toml:8: build\[0\].lock_file: "setup.cfg" is not a lock file vdist reads: poetry.lock, pdm.lock/);
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = "../poetry.lock"\n`)).toMatch(/^vdist.toml:8: build\[0\].lock_file: must be "auto", false, or a file inside working_dir/);
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = true\n`)).toMatch(/^vdist.toml:8: build\[0\].lock_file: /);
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\ngroups = [""]\n`)).toBe('vdist.toml:8: build[0].groups: must not hold an empty name');
      expect(one(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nlock_file = false\nextras = ["pg"]\n`)).toBe('vdist.toml:9: build[0].extras: chooses from a lock file, and lock_file = false turns it off');
    });
  });

  describe('reporting', () => {
    it('reports every problem at once, in file order', () => {
      const toml = `[vdist]\njobs = 0\n[defaults]\napp = "myapp"\nversion = "\${NOPE}"\nsource = { directory = "." }\n[[build]]\nprofile = "centos7"\n[[build]]\nname = "b"\nprofile = "debian-bookworm"\ncompile_python = 1\nbulid_deps = []\n`;
      const found = problems(toml);
      expect(found.map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
        'vdist.toml:2: vdist.jobs',
        'vdist.toml:5: defaults.version',
        'vdist.toml:8: build[0].profile',
        'vdist.toml:12: build[1].compile_python',
        'vdist.toml:13: build[1].bulid_deps',
      ]);
    });

    it('reports a problem in [defaults] once, not once per build', () => {
      const toml = '[defaults]\napp = "My_App"\nversion = "1.0"\nsource = { directory = "." }\n[[build]]\nprofile = "debian-bookworm"\n[[build]]\nprofile = "debian-trixie"\n';
      expect(problems(toml)).toHaveLength(1);
    });
  });
});

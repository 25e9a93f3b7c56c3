import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {load} from 'js-toml';
import {describe, expect, it} from 'vitest';
import {runCli, tempDir} from '../helpers/run-cli.js';

type Toml = {vdist?: Record<string, unknown>; defaults?: Record<string, unknown>; build: Array<Record<string, unknown>>};

/** A project dir with an app dir and the given original configuration. */
function project(name: string, text: string): string {
  const dir = tempDir('vdist-from-');
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app/requirements.txt'), '');
  writeFileSync(join(dir, name), text);
  return dir;
}

async function importFrom(dir: string, file: string, env: Record<string, string> = {}, extra: string[] = []) {
  const r = await runCli(['init', '--from', file, ...extra], dir, env);
  const toml = r.exitCode === 0 ? readFileSync(join(dir, 'vdist.toml'), 'utf8') : '';
  return {...r, toml, parsed: (r.exitCode === 0 ? load(toml) : undefined) as Toml};
}

/** The effective value of a key for build i: the build's own, else [defaults]. */
const eff = (t: Toml, i: number, key: string) => t.build[i]![key] ?? t.defaults?.[key];

// No engine on PATH: the plan is made without the cache column's engine queries.
async function dryRun(dir: string, env: Record<string, string> = {}) {
  const r = await runCli(['build', '--dry-run', '--json'], dir, {PATH: tempDir('vdist-empty-path-'), ...env});
  expect(r.stderr + r.stdout, 'vdist build --dry-run of the imported file').not.toContain('Invalid configuration');
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as {builds: Array<{name: string; profile: string}>}).builds;
}

const BATCH = `[DEFAULT]
app = geo
version = 1.{BUILD_NUMBER}
source_directory = ./app
build_deps = gcc, libpq-dev
fpm_args = --maintainer me@example.com
    --license MIT --description
    "a long
     description"
requirements_path = /requirements.txt
compile_python = True
python_version = 3.12.8
output_folder = ./package_dist/

[geo-deb]
profile = debian-bookworm
runtime_deps = libpq5,
    libssl3
python_basedir = \${package_install_root}/python
package_install_root = /opt/company

[geo-rpm]
profile = rockylinux-9
custom_filename = geo-\${geo-deb:app}.rpm
pip_args = --index-url https://user:$$ecret@pypi.example/simple/
`;

// Each case runs the CLI two or three times: slow on a loaded machine.
describe('vdist init --from an INI file of vdist batch', {timeout: 120_000}, () => {
  it('merges DEFAULT, resolves both interpolation forms, splits lists, joins multi-line values, and the result plans', async () => {
    const dir = project('vdist_build.cnf', BATCH);
    const r = await importFrom(dir, 'vdist_build.cnf');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Wrote ./vdist.toml with 2 build(s) from vdist_build.cnf');
    const t = r.parsed;
    expect(t.vdist).toEqual({output_dir: 'package_dist'});
    expect(t.build.map((b) => b.name)).toEqual(['geo-deb', 'geo-rpm']);
    expect(t.defaults).toMatchObject({app: 'geo', version: '1.${BUILD_NUMBER}', source: {directory: 'app'}, build_deps: ['gcc', 'libpq-dev'], compile_python: true, compile_python_version: '3.12.8', requirements_path: 'requirements.txt'});
    expect(t.defaults!.fpm_args).toBe('--maintainer me@example.com --license MIT --description "a long description"');
    expect(t.build[0]).toMatchObject({profile: 'debian-bookworm', runtime_deps: ['libpq5', 'libssl3'], python_basedir: '/opt/company/python', package_install_root: '/opt/company'});
    expect(t.build[1]).toMatchObject({profile: 'rockylinux-9', custom_filename: 'geo-geo.rpm'});
    // The literal $ of the INI file ($$ there) reaches pip as one $: vdist.toml writes it $$ too.
    expect(r.toml).toContain('pip_args = "--index-url https://user:$$ecret@pypi.example/simple/"');
    expect(r.toml).toMatch(/^version = "1\.\$\{BUILD_NUMBER\}" +# the original's \{VAR\} is \$\{VAR\} here$/m);
    expect(r.toml).toMatch(/^compile_python_version = "3\.12\.8" +# was python_version$/m);
    expect(r.toml).toMatch(/^# python_basedir \(default changed\)/m);
    expect(r.toml).toMatch(/^# bin_links \(new\)/m);
    const plan = await dryRun(dir, {BUILD_NUMBER: '7'});
    expect(plan.map((b) => [b.name, b.profile])).toEqual([['geo-deb', 'debian-bookworm'], ['geo-rpm', 'rockylinux-9']]);
  });

  it('reads every source kind: source_git and source_git_directory as "location, branch"', async () => {
    const dir = project('b.cnf', '[DEFAULT]\napp = geo\nversion = 1\nprofile = debian-bookworm\n\n[g]\nsource_git = https://git.example/a.git, release\n\n[gd]\nsource_git_directory = ./app, main\n\n[d]\nsource_directory = app/\n');
    const r = await importFrom(dir, 'b.cnf');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.parsed.build.map((b) => b.source)).toEqual([{git: 'https://git.example/a.git', branch: 'release'}, {git_directory: 'app', branch: 'main'}, {directory: 'app'}]);
  });

  it('imports compile_python = False as false, and says the original read it as true', async () => {
    const dir = project('b.cnf', '[one]\napp = geo\nversion = 1\nprofile = debian-bookworm\nsource_directory = app\ncompile_python = False\nrequirements_path = requirements.txt\n');
    const r = await importFrom(dir, 'b.cnf');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.parsed.build[0]).toMatchObject({compile_python: false, requirements_path: 'requirements.txt'});
    expect(r.toml).toMatch(/^compile_python = false +# false: vdist makes the virtualenv with the python3 at python_basedir/m);
    expect(r.stderr).toContain('b.cnf:6: [one] compile_python: "False": the original read any non-empty text as true and compiled Python anyway; the new file says false');
    expect(r.stderr).toContain('b.cnf:7: [one] requirements_path: "requirements.txt": the original appended it to the project directory with no "/" between, so it never found this file');
    expect(await dryRun(dir)).toHaveLength(1);
  });

  it('maps the 2.x profile names, leaves archlinux out and lists it, and writes bin_links = [] when the postinst links commands', async () => {
    const dir = project('b.cnf', '[DEFAULT]\napp = geo\nversion = 1\nsource_directory = app\nafter_install = postinst.sh\nuse_local_pip_conf = True\n\n[u]\nprofile = ubuntu-lts\n\n[c]\nprofile = centos\n\n[arch]\nprofile = archlinux\n');
    writeFileSync(join(dir, 'app/postinst.sh'), '#!/bin/sh\nln -sf /opt/a/bin/a /usr/bin/a\n');
    const r = await importFrom(dir, 'b.cnf');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.parsed.build.map((b) => b.profile)).toEqual(['ubuntu-noble', 'rockylinux-9']);
    expect(r.toml).toMatch(/^profile = "ubuntu-noble" +# was "ubuntu-lts"$/m);
    expect(r.parsed.defaults).toMatchObject({after_install: 'postinst.sh', bin_links: []});
    expect(r.stderr).toContain('b.cnf:9: [u] profile: "ubuntu-lts" is written as "ubuntu-noble", its current successor');
    const notCarried = r.toml.slice(r.toml.indexOf('# Not carried over:'));
    expect(notCarried).toContain('[arch]: profile "archlinux": vdist writes .deb and .rpm packages only: there is no pacman format yet: the build is left out');
    expect(notCarried).toContain('b.cnf:6: [DEFAULT] use_local_pip_conf: vdist does not copy ~/.pip into the container');
    expect(await dryRun(dir)).toHaveLength(2);
  });

  it('refuses a section with no app, naming file, line and key', async () => {
    const dir = project('b.cnf', '[DEFAULT]\nversion = 1\n\n[one]\nprofile = debian-bookworm\nsource_directory = app\n');
    const r = await importFrom(dir, 'b.cnf');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('b.cnf:4: app: missing: the original needed "app" for every build (set it in [one] or [DEFAULT])');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('refuses a reference to a missing key with its line', async () => {
    const dir = project('b.cnf', '[one]\napp = geo\nversion = ${release}\n');
    const r = await importFrom(dir, 'b.cnf');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('b.cnf:3: version: ${release}: [one] has no key "release" (while reading [one])');
  });

  it('refuses a file that is neither format, naming the line', async () => {
    const dir = project('notes.txt', '\n# packaging notes\nbuild it on friday\n');
    const r = await importFrom(dir, 'notes.txt');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('notes.txt:3: neither an INI file of `vdist batch` (it starts with a [section] header) nor a package.py');
  });

  it('never writes over an existing vdist.toml', async () => {
    const dir = project('b.cnf', BATCH);
    writeFileSync(join(dir, 'vdist.toml'), 'mine\n');
    const r = await runCli(['init', '--from', 'b.cnf'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('./vdist.toml already exists: vdist init never overwrites it');
    expect(readFileSync(join(dir, 'vdist.toml'), 'utf8')).toBe('mine\n');
  });
});

const SCRIPT_0X = `import os
from vdist.builder import Builder
from vdist.source import git, directory, git_directory

builder = Builder()
for profile in ['ubuntu-trusty', 'centos7']:
    builder.add_build(
        name='geo :: %s' % profile,
        app='geo',
        version='1.0.{BUILD}',
        source=directory(path='app/'),
        profile=profile,
        build_deps=['gcc'],
        runtime_deps=['libpq5'],
        fpm_args='--license MIT',
        compile_python=False,
        python_basedir='/usr',
    )
builder.add_build(app='geo', version='1.0', source=git(uri='https://git.example/geo.git', branch='main'), profile='debian-bookworm', python_version='2.7.9')
builder.build()
`;

const SCRIPT_2X = `from vdist.builder import build_package
from vdist.configuration import Configuration

arguments = {
    "app": "geo", "version": "2.0", "source_git_directory": "app, main",
    "profile": "ubuntu-lts", "runtime_deps": "libpq5, libssl3", "compile_python": "False",
    "output_folder": "out",
}
build_package(Configuration(arguments))
`;

describe('vdist init --from a package.py', {timeout: 120_000}, () => {
  it('runs a 0.x script with several add_build calls and build(), and the result plans', async () => {
    const dir = project('package.py', SCRIPT_0X);
    const r = await importFrom(dir, 'package.py');
    expect(r.exitCode, r.stderr).toBe(0);
    const t = r.parsed;
    expect(t.build.map((b) => [b.name, eff(t, t.build.indexOf(b), 'profile')])).toEqual([
      ['geo :: ubuntu-trusty', 'ubuntu-noble'],
      ['geo :: centos7', 'rockylinux-9'],
      [undefined, 'debian-bookworm'],
    ]);
    expect(t.build[0]).toMatchObject({version: '1.0.${BUILD}', source: {directory: 'app'}, build_deps: ['gcc'], runtime_deps: ['libpq5'], compile_python: false, python_basedir: '/usr'});
    expect(t.build[2]).toMatchObject({source: {git: 'https://git.example/geo.git', branch: 'main'}});
    expect(r.toml).toContain('package.py:19: python_version: "2.7.9": vdist compiles CPython 3.X.Y only');
    const plan = await dryRun(dir, {BUILD: '3'});
    expect(plan.map((b) => b.name)).toEqual(['geo :: ubuntu-trusty', 'geo :: centos7', 'geo-1.0-debian-bookworm']);
  });

  it("runs a 2.x build_package(Configuration(...)) with the original's string arguments", async () => {
    const dir = project('package.py', SCRIPT_2X);
    const r = await importFrom(dir, 'package.py');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.parsed.vdist).toEqual({output_dir: 'out'});
    expect(r.parsed.build[0]).toMatchObject({app: 'geo', version: '2.0', profile: 'ubuntu-noble', source: {git_directory: 'app', branch: 'main'}, runtime_deps: ['libpq5', 'libssl3'], compile_python: false});
    expect(r.stderr).toContain('package.py:9: compile_python: "False": the original read any non-empty text as true');
  });

  it('names an internal attribute a script reaches for, with its line', async () => {
    const dir = project('package.py', 'from vdist.builder import Builder\nb = Builder()\nprint(b.get_available_profiles())\n');
    const r = await importFrom(dir, 'package.py');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('package.py:3: Builder.get_available_profiles is not part of the original API that vdist init --from imitates');
    const internal = project('package.py', 'from vdist.buildmachine import BuildMachine\n');
    const r2 = await importFrom(internal, 'package.py');
    expect(r2.exitCode).toBe(2);
    expect(r2.stderr).toContain('package.py:1: module vdist.buildmachine is an internal of the original vdist');
  });

  it("gives the last line of a failing script's Python error", async () => {
    const dir = project('package.py', 'from vdist.builder import Builder\nimport os\nBuilder().add_build(app="a", version=os.environ["RELEASE"], source=None, profile="x")\n');
    const r = await importFrom(dir, 'package.py', {RELEASE: 'not passed on: the script runs in a clean environment'});
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("package.py:3: the script failed: KeyError: 'RELEASE'");
  });

  it('stops a script that hangs at the time limit', async () => {
    const dir = project('package.py', 'import time\nwhile True:\n    time.sleep(1)\n');
    const started = Date.now();
    const r = await importFrom(dir, 'package.py', {}, ['--timeout', '1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('package.py: the script did not finish within 1 s and was stopped');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a script that describes no build', async () => {
    const dir = project('package.py', 'from vdist.builder import Builder\nBuilder()\n');
    const r = await importFrom(dir, 'package.py');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('package.py: the script described no build');
  });
});

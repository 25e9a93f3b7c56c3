import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {cacheRepository, levelKey, planCache, type CachePlan} from '../../../src/core/cache/key.js';
import {loadConfig} from '../../../src/core/config/load.js';
import type {BuildSpec} from '../../../src/core/types.js';

const BASE = 'b8d7611c134a5bf3d85eb5e6be6a513413d95e65e18ffcfad82b2c2c5e44c2bf';
const SECRET = 'hunter2-token';
const DEPS = 'build_deps = ["gcc", "libpq-dev"]';

/** The one build of a vdist.toml made of `lines`, its source in `app/` (with `sub/` and `files`). */
function spec(lines: string, files: Record<string, string> = {}): BuildSpec {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-key-'));
  mkdirSync(join(dir, 'app', 'sub'), {recursive: true});
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'app', name), text);
  writeFileSync(join(dir, 'vdist.toml'), `[[build]]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "app" }\nprofile = "debian-bookworm"\n${lines}\n`);
  return loadConfig(join(dir, 'vdist.toml'), {}).builds[0]!;
}

/** Each level's key, all on one parent (for real, the deps level sits on the python level's image ID). */
function keys(s: BuildSpec, base = BASE, plan: CachePlan | undefined = planCache(s)): Record<string, string> {
  return Object.fromEntries(plan!.levels.map((l) => [l.level, levelKey(base, l)]));
}

/** `s` with its profile's script replaced by a copy of it that `edit` changed. */
function withScript(s: BuildSpec, edit: (text: string) => string): BuildSpec {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-key-tpl-'));
  const file = join(dir, 'debian.sh');
  copyFileSync(s.profile.script_path, file);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return {...s, profile: {...s.profile, script_path: file}};
}

describe('cache keys', () => {
  const base = spec(`${DEPS}\ncompile_python = false`);
  const reference = keys(base);

  it('has a python level and, when there are build_deps, a deps level', () => {
    expect(Object.keys(reference)).toEqual(['python', 'deps']);
    expect(Object.keys(keys(spec('compile_python = false')))).toEqual(['python']);
    expect(reference.python).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['the version', 'version = "2.0"'],
    ['pip_args', 'pip_args = "--index-url http://127.0.0.1:1/simple/ --pre"'],
    ['the build name', 'name = "other-name"'],
    ['runtime_deps', 'runtime_deps = ["libpq5"]'],
    ['fpm_args', 'fpm_args = "--description other"'],
    ['working_dir', 'working_dir = "sub"'],
    ['requirements_path', 'requirements_path = "req.txt"'],
    ['the packager', 'packager = "fpm"'],
    ['the smoke command', 'smoke_command = "true"'],
  ])('does not change with %s', (_what, line) => {
    const lines = `${DEPS}\ncompile_python = false\n${line}`;
    // `version` is set in spec(); a second one would be a duplicate key.
    const s = line.startsWith('version') ? {...spec(`${DEPS}\ncompile_python = false`), version: '2.0'} : spec(lines);
    expect(keys(s)).toEqual(reference);
  });

  it('does not change with the source, nor with the source date an fpm build passes', () => {
    const other = spec(`${DEPS}\ncompile_python = false`, {'main.py': 'print(1)\n'});
    expect(keys(other)).toEqual(reference);
    const fpm = {...other, packager: 'fpm' as const};
    expect(keys(fpm, BASE, planCache(fpm, {fpm_command: ['fpm', '--source-date-epoch-default', '1700000000']}))).toEqual(reference);
  });

  it('changes only the deps level when build_deps change: CPython is never compiled again for them', () => {
    const own = keys(spec(`${DEPS}\ncompile_python = true`));
    const more = keys(spec('build_deps = ["gcc", "libpq-dev", "libxml2-dev"]\ncompile_python = true'));
    expect(more.python).toBe(own.python);
    expect(more.deps).not.toBe(own.deps);
  });

  it.each([
    ['the Python version', 'compile_python_version = "3.11.2"', 'compile_python_version = "3.12.3"'],
    ['python_basedir', 'python_basedir = "/opt/a/python"', 'python_basedir = "/opt/b/python"'],
    ['the tarball sha256', `python_sha256 = "${'a'.repeat(64)}"`, `python_sha256 = "${'b'.repeat(64)}"`],
  ])('changes the python level with %s', (_what, a, b) => {
    expect(keys(spec(`compile_python = true\n${a}`)).python).not.toBe(keys(spec(`compile_python = true\n${b}`)).python);
  });

  it('changes the python level with compile_python', () => {
    expect(keys(spec('compile_python = true')).python).not.toBe(keys(spec('compile_python = false')).python);
  });

  it('changes with the base image ID', () => {
    expect(keys(base, 'c'.repeat(64)).python).not.toBe(reference.python);
  });

  it('changes with the template: a provision line, a build_deps line', () => {
    expect(keys(withScript(base, (t) => t.replace('apt-get update -q\n', 'apt-get update -q -o Debug::NoLocking=1\n'))).python).not.toBe(reference.python);
    const deps = keys(withScript(base, (t) => t.replace('step "provision: build_deps"', 'step "provision: build_deps (changed)"')));
    expect(deps.python).toBe(reference.python);
    expect(deps.deps).not.toBe(reference.deps);
  });

  it('does not change with a build-stage line of the template', () => {
    expect(keys(withScript(base, (t) => t.replace('{{> python-app}}', '{{> python-app}}\necho "one more build line"')))).toEqual(reference);
  });

  it('keeps a credential in python_mirror out of the key text and the inputs; the key does not change with it', () => {
    const a = spec(`compile_python = true\npython_mirror = "https://user:${SECRET}@mirror.invalid/python"`);
    const b = spec(`compile_python = true\npython_mirror = "https://user:other-${SECRET}@mirror.invalid/python"`);
    const plan = planCache(a)!;
    expect(plan.levels[0]!.script).toContain(SECRET);
    expect(plan.levels[0]!.keyText).not.toContain(SECRET);
    expect(JSON.stringify(plan.levels.map((l) => l.inputs))).not.toContain(SECRET);
    expect(keys(a)).toEqual(keys(b));
  });

  it('names CPython by its sha256, not its mirror: another mirror reuses the compiled interpreter, another digest does not', () => {
    const a = spec('compile_python = true\npython_mirror = "http://127.0.0.1:18001/python"');
    const b = spec('compile_python = true\npython_mirror = "https://mirror.invalid/pub/python"');
    expect(planCache(b)!.levels[0]!.script).toContain('https://mirror.invalid/pub/python/');
    expect(keys(a)).toEqual(keys(b));
    const pinned = spec('compile_python = true\npython_mirror = "https://mirror.invalid/pub/python"\npython_sha256 = "' + '0'.repeat(64) + '"');
    expect(keys(pinned).python).not.toBe(keys(b).python);
  });

  it('keeps pip_args out of every provision script', () => {
    const plan = planCache(spec(`${DEPS}\npip_args = "--index-url http://u:${SECRET}@127.0.0.1:1/simple/"`))!;
    for (const level of plan.levels) expect(level.script).not.toContain(SECRET);
    expect(plan.buildScript).toContain(SECRET);
  });

  it('names entries localhost/vdist-cache/{profile}', () => {
    expect(cacheRepository('debian-bookworm')).toBe('localhost/vdist-cache/debian-bookworm');
    expect(cacheRepository('My Profile!')).toBe('localhost/vdist-cache/my-profile');
  });
});

describe('stage scripts', () => {
  it.each([
    ['own CPython', `${DEPS}\ncompile_python = true`],
    ['system python3', `${DEPS}\ncompile_python = false`],
  ])('each stage of debian.sh runs on its own and passes shellcheck (%s)', (_what, lines) => {
    const plan = planCache(spec(lines))!;
    for (const script of [...plan.levels.map((l) => l.script), plan.buildScript]) {
      try {
        // A stage leaves some of the shared variables unused (SC2034): the other stages use them.
        execFileSync('shellcheck', ['--shell=bash', '--severity=style', '--exclude=SC2034', '-'], {input: script, encoding: 'utf8'});
      } catch (error) {
        throw new Error(`shellcheck:\n${(error as {stdout?: string}).stdout}`);
      }
    }
    const [python, deps] = plan.levels;
    expect(python!.script).toContain('provision: system packages');
    expect(python!.script).not.toContain('libpq-dev');
    expect(deps!.script).toContain('libpq-dev');
    expect(deps!.script).not.toContain('provision: system packages');
    expect(plan.buildScript).toContain('build: virtualenv');
    expect(plan.buildScript).not.toContain('apt-get');
  });

  it('a script without stage lines is not cached', () => {
    const s = spec('');
    const dir = mkdtempSync(join(tmpdir(), 'vdist-key-tpl-'));
    writeFileSync(join(dir, 'plain.sh'), 'echo {{app}}\n');
    expect(planCache({...s, profile: {...s.profile, script_path: join(dir, 'plain.sh')}})).toBeUndefined();
  });

  it('an unknown stage name is an error naming it', () => {
    const s = withScript(spec(''), (t) => t.replace('#### stage: build-deps', '#### stage: bild-deps'));
    expect(() => planCache(s)).toThrow(/unknown stage "bild-deps"/);
  });
});

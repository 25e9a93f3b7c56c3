import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, tempDir} from '../helpers/run-cli.js';

describe('vdist init', () => {
  it('takes name and version from pyproject.toml, detects the requirements file, and the result loads', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "Hello_World"\nversion = "2.1.0"\n');
    writeFileSync(join(dir, 'requirements.txt'), 'requests\n');
    const r = await runCli(['init'], dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Wrote ./vdist.toml for hello-world 2.1.0 (from pyproject.toml).');
    const toml = readFileSync(join(dir, 'vdist.toml'), 'utf8');
    expect(toml).toContain('app = "hello-world"');
    expect(toml).toContain('version = "2.1.0"');
    expect(toml).toContain('requirements_path = "requirements.txt"');
    const plan = await runCli(['build', '--dry-run', '--json'], dir);
    expect(plan.exitCode).toBe(0);
    expect((JSON.parse(plan.stdout) as {builds: Array<{name: string}>}).builds.map((b) => b.name)).toEqual(['hello-world-2.1.0-debian-bookworm', 'hello-world-2.1.0-rockylinux-9']);
  });

  it('reads setup.cfg', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'setup.cfg'), '[metadata]\nname = cfgapp\nversion = 0.3\n\n[options]\npackages = find:\n');
    mkdirSync(join(dir, 'requirements'));
    writeFileSync(join(dir, 'requirements/prod.txt'), '');
    expect((await runCli(['init'], dir)).exitCode).toBe(0);
    const toml = readFileSync(join(dir, 'vdist.toml'), 'utf8');
    expect(toml).toContain('app = "cfgapp"');
    expect(toml).toContain('version = "0.3"');
    expect(toml).toContain('requirements_path = "requirements/prod.txt"');
  });

  it('reads setup.py', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'setup.py'), 'from setuptools import setup\nsetup(\n    name="pyapp",\n    version=\'1.4\',\n)\n');
    expect((await runCli(['init'], dir)).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'vdist.toml'), 'utf8')).toMatch(/app = "pyapp".*\nversion = "1.4"/);
  });

  it('falls back to the directory name and says no requirements file was found', async () => {
    const dir = tempDir('vdist-plain-');
    const r = await runCli(['init', '--json'], dir);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({app: basename(dir).toLowerCase(), version: '0.1.0', from: 'the directory name'});
    expect(readFileSync(join(dir, 'vdist.toml'), 'utf8')).toContain('# requirements_path = "requirements.txt"   # none found');
  });

  it("detects the project's lock file, preferring the tool pyproject.toml configures, and writes the lock keys", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "locked"\nversion = "1.0"\n\n[tool.pdm]\ndistribution = true\n');
    writeFileSync(join(dir, 'poetry.lock'), '');
    writeFileSync(join(dir, 'pdm.lock'), '');
    const r = await runCli(['init', '--json'], dir);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({lock: {file: 'pdm.lock', tool: 'pdm'}});
    const toml = readFileSync(join(dir, 'vdist.toml'), 'utf8');
    expect(toml).toMatch(/^lock_file = "pdm.lock" +# PDM: pip installs exactly what it locks, hashes enforced$/m);
    expect(toml).toMatch(/^# groups = \[\] +# dependency groups/m);
    expect(toml).toMatch(/^# strict_lock = false +# true: a lock older than pyproject.toml fails the build$/m);
  });

  it('takes a requirements file with --hash as the lock, and says when there is none', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'requirements.txt'), `wheel==0.38.4 --hash=sha256:${'a'.repeat(64)}\n`);
    expect((await runCli(['init'], dir)).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'vdist.toml'), 'utf8')).toMatch(/^lock_file = "requirements.txt" +# hashed requirements/m);
    const plain = tempDir();
    expect((await runCli(['init'], plain)).exitCode).toBe(0);
    expect(readFileSync(join(plain, 'vdist.toml'), 'utf8')).toMatch(/^# lock_file = "auto" +# none found/m);
  });

  it('refuses to overwrite an existing vdist.toml', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vdist.toml'), 'mine\n');
    const r = await runCli(['init'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('./vdist.toml already exists: vdist init never overwrites it');
    expect(readFileSync(join(dir, 'vdist.toml'), 'utf8')).toBe('mine\n');
  });
});

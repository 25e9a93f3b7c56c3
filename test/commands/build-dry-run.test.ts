import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {fixtureProject, REPO_ROOT, runCli, tempDir} from '../helpers/run-cli.js';

const goldenProject = () => fixtureProject('golden');

describe('vdist build --dry-run', () => {
  it('prints the plan and every rendered script, with no engine', async () => {
    // An empty PATH: no podman, buildah or docker can be found.
    const r = await runCli(['build', '--dry-run'], goldenProject(), {PATH: tempDir('vdist-empty-path-')});
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^BUILD\s+PROFILE\s+IMAGE\s+FORMAT\s+PACKAGER\s+CACHE$/);
    expect(lines[1]).toMatch(/^debian\s+debian-bookworm\s+docker\.io\/library\/debian:bookworm\s+deb\s+native\s+unknown$/);
    expect(lines[2]).toMatch(/^rocky-system-python\s+rockylinux-9\s+docker\.io\/library\/rockylinux:9\s+rpm\s+native\s+unknown$/);
    expect(lines[3]).toMatch(/^debian-fpm\s+debian-trixie\s+docker\.io\/library\/debian:trixie\s+deb\s+fpm\s+unknown$/);
    expect(r.stdout).toContain('# cache: unknown (no engine to look in: No usable container engine. Tried:)');
    expect(r.stdout).toContain(`==> debian: ${join(REPO_ROOT, 'templates/debian.sh')}`);
    expect(r.stdout).toContain('build_deps=(gcc libpq-dev)');
    expect(r.stdout).toContain(`==> rocky-system-python: ${join(REPO_ROOT, 'templates/centos.sh')}`);
  });

  it('renders only the builds --only names', async () => {
    const r = await runCli(['build', '--dry-run', '--only', 'rocky-system-python'], goldenProject());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('==> rocky-system-python:');
    expect(r.stdout).not.toContain('==> debian:');
  });

  it('prints the plan as JSON with --json', async () => {
    const r = await runCli(['build', '--dry-run', '--json', '--only', 'debian'], goldenProject());
    expect(r.exitCode).toBe(0);
    const plan = JSON.parse(r.stdout) as {builds: Array<Record<string, string>>};
    expect(plan.builds).toHaveLength(1);
    expect(plan.builds[0]).toMatchObject({name: 'debian', profile: 'debian-bookworm', format: 'deb', packager: 'native'});
    expect(plan.builds[0]!.script).toMatch(/^#!\/usr\/bin\/env bash/);
  });

  it('refuses an unknown --only name with exit 2 and the closest name', async () => {
    const r = await runCli(['build', '--dry-run', '--only', 'debain'], goldenProject());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--only debain: no build has that name. Builds: debian, rocky-system-python, debian-fpm');
    expect(r.stderr).toContain('vdist build --only "debian"');
  });

  it('shows every config problem with file:line:key and exits 2 without a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vdist.toml'), '[defaults]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "." }\n\n[[build]]\nprofile = "centos7"\n\n[[build]]\nprofile = "debian-bookworm"\ncompile_python = "yes"\n');
    const r = await runCli(['build', '--dry-run'], dir);
    expect(r.exitCode).toBe(2);
    const flat = r.stderr;
    expect(flat).toContain('Invalid configuration (2 problems):');
    expect(flat).toContain('vdist.toml:7: build[0].profile: profile "centos7" was one of vdist\'s old profiles');
    expect(flat).toContain('vdist.toml:11: build[1].compile_python: expected a boolean (true or false), got a string');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('stops an unknown fpm flag before any build, with --dry-run and without, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vdist.toml'), '[[build]]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "." }\nprofile = "debian-bookworm"\nfpm_args = "--deb-frobnicate yes"\n');
    // No engine on PATH: reaching one would fail differently, so exit 2 proves nothing was started.
    const env = {PATH: tempDir('vdist-empty-path-')};
    for (const args of [['build', '--dry-run'], ['build']]) {
      const r = await runCli(args, dir, env);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain('vdist.toml:6: build[0].fpm_args: fpm flag --deb-frobnicate is not supported by the native packager; set packager = "fpm"');
      expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    }
  });

  describe('files vdist.toml names', () => {
    const toml = (extra: string) => `[defaults]
app = "myapp"
version = "1.0"
source = { directory = "app" }
compile_python = false

[[build]]
name = "deb"
profile = "debian-bookworm"
after_install = "deploy/postinst.sh"
systemd_units = ["deploy/myapp.service", "deploy/myapp-worker.service"]
config_files = { "/etc/myapp/app.toml" = "deploy/app.toml" }
changelog = "CHANGES.md"
${extra}`;

    function project(files: string[], extra = ''): string {
      const dir = tempDir();
      for (const file of files) {
        mkdirSync(join(dir, 'app', file, '..'), {recursive: true});
        writeFileSync(join(dir, 'app', file), 'x\n');
        utimesSync(join(dir, 'app', file), 1_700_000_000, 1_700_000_000);
      }
      writeFileSync(join(dir, 'vdist.toml'), toml(extra));
      return dir;
    }
    const all = ['deploy/postinst.sh', 'deploy/myapp.service', 'deploy/myapp-worker.service', 'deploy/app.toml', 'CHANGES.md'];
    const noEngine = () => ({PATH: tempDir('vdist-empty-path-')});

    it('are all looked for before any engine: each missing one is named with file, line and key, exit 2, with --dry-run and without', async () => {
      const dir = project(['deploy/myapp-worker.service']);
      for (const args of [['build', '--dry-run'], ['build']]) {
        const r = await runCli(args, dir, noEngine());
        expect(r.exitCode, r.stderr).toBe(2);
        expect(r.stderr).toContain('Invalid configuration (4 problems):');
        const source = join(dir, 'app');
        expect(r.stderr).toContain(`vdist.toml:10: build[0].after_install: "deploy/postinst.sh" is not a file in ${source} (the path is relative to the source root)`);
        expect(r.stderr).toContain(`vdist.toml:11: build[0].systemd_units[0]: "deploy/myapp.service" is not a file in the source ${source}`);
        expect(r.stderr).toContain(`vdist.toml:12: build[0].config_files: "deploy/app.toml" is not a file in the source ${source}`);
        expect(r.stderr).toContain(`vdist.toml:13: build[0].changelog: "CHANGES.md" is not a file in the source ${source} (the path is relative to working_dir)`);
        expect(r.stderr).not.toContain('myapp-worker.service');
        expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
      }
    });

    it('must be in the source tar: one .vdistignore leaves out is reported; a lock_file and fpm_args hooks are looked for too', async () => {
      const dir = project([...all.filter((f) => f !== 'deploy/app.toml'), '.vdistignore', 'deploy/app.toml.in'], 'lock_file = "poetry.lock"\nfpm_args = "--before-remove deploy/prerm.sh"\n');
      writeFileSync(join(dir, 'app', '.vdistignore'), 'deploy/*.service\n');
      const r = await runCli(['build', '--dry-run'], dir, noEngine());
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain('vdist.toml:11: build[0].systemd_units[0]: "deploy/myapp.service" is left out of the source tar (by .vdistignore');
      expect(r.stderr).toContain('vdist.toml:11: build[0].systemd_units[1]: "deploy/myapp-worker.service" is left out of the source tar');
      expect(r.stderr).toContain('vdist.toml:12: build[0].config_files: "deploy/app.toml" is not a file in the source');
      expect(r.stderr).toContain('vdist.toml:14: build[0].lock_file: "poetry.lock" is not a file in the source');
      expect(r.stderr).toContain('vdist.toml:15: build[0].fpm_args: "deploy/prerm.sh" is not a file in');
    });

    it('pass when present, and the plan shows the date the packages would carry: the newest file of the source', async () => {
      const dir = project(all);
      utimesSync(join(dir, 'app', 'CHANGES.md'), 1_710_000_000, 1_710_000_000);
      const r = await runCli(['build', '--dry-run'], dir, {...noEngine(), SOURCE_DATE_EPOCH: ''});
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('# SOURCE_DATE_EPOCH: 1710000000 (2024-03-09T16:00:00Z, from the newest file: CHANGES.md)');
      const json = await runCli(['build', '--dry-run', '--json'], dir, {...noEngine(), SOURCE_DATE_EPOCH: '1600000000'});
      expect((JSON.parse(json.stdout) as {builds: Array<Record<string, unknown>>}).builds[0]!.source_date_epoch).toEqual({value: 1_600_000_000, origin: 'SOURCE_DATE_EPOCH'});
    });
  });

  it('shows a TOML syntax error with a caret and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vdist.toml'), '[defaults]\napp = "myapp\n');
    const r = await runCli(['build', '--dry-run'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('vdist.toml:2: TOML syntax error');
    expect(r.stderr).toContain('^');
  });

  it('says how to start when vdist.toml is missing', async () => {
    const r = await runCli(['build', '--dry-run'], tempDir());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('vdist.toml: file not found: run `vdist init` to write one, or pass --config PATH');
  });

  it('reads the file --config names', async () => {
    const dir = goldenProject();
    const r = await runCli(['build', '--dry-run', '--config', join(dir, 'vdist.toml'), '--only', 'debian'], tempDir());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('==> debian:');
  });

  it('refuses a bad flag value with exit 2', async () => {
    const r = await runCli(['build', '--dry-run', '--backend', 'lxc'], goldenProject());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Expected --backend=lxc to be one of: podman, buildah, docker/);
  });
});

import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {fixtureProject, REPO_ROOT, runCli, tempDir} from '../helpers/run-cli.js';

const seedProject = () => fixtureProject('seed');

describe('vdist profiles', () => {
  it('list shows name, image, format, script and origin, with the user profiles', async () => {
    const dir = seedProject();
    const r = await runCli(['profiles', 'list'], dir);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+IMAGE\s+FORMAT\s+SCRIPT\s+ORIGIN$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^centos6\\s+yourcompany/centos6:latest\\s+rpm\\s+centos.sh\\s+${join(dir, 'buildprofiles/profiles.json')}$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^debian-bookworm\s+docker\.io\/library\/debian:bookworm\s+deb\s+debian\.sh\s+builtin$/));
  });

  it('list --json gives the resolved profiles', async () => {
    const r = await runCli(['profiles', 'list', '--json'], seedProject());
    expect(r.exitCode).toBe(0);
    const profiles = JSON.parse(r.stdout) as Array<{name: string; format: string}>;
    expect(profiles.find((p) => p.name === 'debian')).toMatchObject({format: 'deb', image: 'yourcompany/debian:latest'});
  });

  it("show prints the resolved profile and its template's path", async () => {
    const r = await runCli(['profiles', 'show', 'rockylinux-9'], tempDir());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('image:     docker.io/library/rockylinux:9');
    expect(r.stdout).toContain(`template:  ${join(REPO_ROOT, 'templates/centos.sh')}`);
  });

  it("show --json prefers the user's script over the built-in template", async () => {
    const dir = seedProject();
    writeFileSync(join(dir, 'buildprofiles/debian.sh'), '#!/bin/bash\necho {{app}}\n');
    const r = await runCli(['profiles', 'show', 'debian', '--json'], dir);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({name: 'debian', script_path: join(dir, 'buildprofiles/debian.sh'), origin: join(dir, 'buildprofiles/profiles.json')});
  });

  it('show names the successor of an old profile and exits 2', async () => {
    const r = await runCli(['profiles', 'show', 'centos7'], tempDir());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('profile "centos7" was one of vdist\'s old profiles');
    expect(r.stderr).toContain('vdist profiles show rockylinux-9');
  });

  it('validate passes for the built-ins and the seed profiles', async () => {
    const r = await runCli(['profiles', 'validate'], seedProject());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}centos6 {2}\(.*profiles\.json\)$/m);
    expect(r.stdout).toMatch(/^ok {2}debian-bookworm {2}\(builtin\)$/m);
  });

  it('validate reports a bad image, a missing script and a template that does not render, and exits 2', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'custom'));
    writeFileSync(join(dir, 'vdist.toml'), '[vdist]\nprofiles_dir = "custom"\n');
    writeFileSync(join(dir, 'custom/broken.sh'), '#!/bin/bash\necho {{no_such_key}}\n');
    writeFileSync(
      join(dir, 'custom/profiles.json'),
      JSON.stringify({'bad-image': {docker_image: 'Bad Image', script: 'debian.sh'}, 'no-script': {docker_image: 'x', script: 'gone-debian.sh'}, broken: {docker_image: 'x', script: 'broken.sh', format: 'deb'}}),
    );
    const r = await runCli(['profiles', 'validate'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bad-image: "Bad Image" is not a valid image reference');
    expect(r.stderr).toContain('no-script: script "gone-debian.sh" not found');
    expect(r.stderr).toContain('broken: ');
    expect(r.stderr).toContain('unknown variable "no_such_key"');
  });
});

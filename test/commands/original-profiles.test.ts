import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, tempDir} from '../helpers/run-cli.js';

/** A project whose builds use these profiles, with an optional buildprofiles/ of the original's kind. */
function project(profiles: string[], files: Record<string, string> = {}): string {
  const dir = tempDir('vdist-orig-profiles-');
  mkdirSync(join(dir, 'buildprofiles'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'vdist.toml'), `[defaults]\napp = "geo"\nversion = "1.0"\nsource = { directory = "." }\n\n${profiles.map((p) => `[[build]]\nprofile = "${p}"\n`).join('\n')}`);
  return dir;
}

// No engine on PATH: the plan is made without engine queries.
const dryRun = (dir: string) => runCli(['build', '--dry-run'], dir, {PATH: tempDir('vdist-empty-path-')});

describe("the original vdist's profiles", {timeout: 120_000}, () => {
  it('builds ubuntu-lts and centos as their current successors, with a warning naming each', async () => {
    const r = await dryRun(project(['ubuntu-lts', 'centos']));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^geo-1\.0-ubuntu-noble +ubuntu-noble /m);
    expect(r.stdout).toMatch(/^geo-1\.0-rockylinux-9 +rockylinux-9 /m);
    expect(r.stderr).toMatch(/vdist\.toml:7: build\[0\]\.profile: profile "ubuntu-lts" \(a name of the original vdist that followed the newest release\) is built as "ubuntu-noble"/);
    expect(r.stderr).toContain('is built as "rockylinux-9", its current successor');
  });

  it('refuses archlinux: there is no pacman format', async () => {
    const r = await dryRun(project(['archlinux']));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('vdist.toml:7: build[0].profile: profile "archlinux" cannot be built: vdist writes .deb and .rpm packages only: there is no pacman format yet');
  });

  it("accepts the original's profiles.json with _comment and insecure_registry, and says what insecure_registry does", async () => {
    const dir = project(['inhouse'], {
      'buildprofiles/profiles.json': JSON.stringify({
        inhouse: {_comment: 'our own Ubuntu, from the registry without TLS', docker_image: 'registry.example:5000/ubuntu:noble', script: 'debian.sh', insecure_registry: 'true'},
      }),
    });
    const list = await runCli(['profiles', 'list', '--json'], dir);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain('registry.example:5000/ubuntu:noble');
    const r = await dryRun(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('profile "inhouse" has insecure_registry: a pull of registry.example:5000/ubuntu:noble skips TLS verification with podman and buildah (--tls-verify=false)');
  });

  it("refuses a Jinja2 script of the original with the porting table", async () => {
    const dir = project(['debian-bookworm'], {
      'buildprofiles/debian.sh': '#!/bin/bash -x\nPYTHON_VERSION="{{python_version}}"\n\n{% if build_deps %}\napt-get install -y {{build_deps|join(\' \')}}\n{% endif %}\n',
    });
    const r = await dryRun(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/buildprofiles\/debian\.sh:4: a Jinja2 template, as the original vdist wrote them: vdist renders Handlebars \(`\{% if build_deps %\}`\)/);
    expect(r.stderr).toMatch(/\{% if build_deps %\}\.\.\.\{% endif %\} +\{\{#if build_deps\}\}\.\.\.\{\{\/if\}\}/);
    expect(r.stderr).toMatch(/python_version +compile_python_version/);
    expect(r.stderr).toMatch(/local_uid, local_gid \(chown of the results\) +none: vdist streams the results out/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

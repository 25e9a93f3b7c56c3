import {describe, expect, it} from 'vitest';
import {buildTemplateContext} from '../../../src/core/template/build-context.js';
import {knownTarballSha256} from '../../../src/core/python/known-tarballs.js';
import {load, BASE} from '../config/load-helpers.js';

describe('buildTemplateContext', () => {
  it('holds every BuildSpec key plus the derived paths', () => {
    const spec = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\nworking_dir = "src"\nrequirements_path = "/req.txt"\n`).builds[0]!;
    const ctx = buildTemplateContext(spec, {fpm_command: ['fpm', '-s', 'dir']});
    expect(ctx).toMatchObject({
      app: 'myapp',
      profile: 'debian-bookworm',
      image: 'docker.io/library/debian:bookworm',
      format: 'deb',
      family: 'debian',
      install_dir: '/opt/myapp',
      python_bin: '/opt/myapp/python/bin/python3',
      src_dir: '/vdist/src',
      app_dir: '/vdist/src/src',
      requirements_file: '/vdist/src/src/req.txt',
      out_dir: '/vdist/out',
      python_url: `https://www.python.org/ftp/python/${spec.compile_python_version}/Python-${spec.compile_python_version}.tgz`,
      python_sha256: knownTarballSha256(spec.compile_python_version) ?? '',
      package_paths: ['/opt/myapp'],
      fpm_command: ['fpm', '-s', 'dir'],
      custom_filename: '',
    });
    expect(ctx).not.toHaveProperty('source');
  });

  it('ships python_basedir as its own path when it lies outside the install dir, and prefers python_sha256', () => {
    const sha = 'a'.repeat(64);
    const spec = load(`${BASE}\n[[build]]\nprofile = "rockylinux-9"\npython_basedir = "/opt/company/python"\npython_sha256 = "${sha}"\npython_mirror = "file:///srv/python/"\n`).builds[0]!;
    const ctx = buildTemplateContext(spec);
    expect(ctx.package_paths).toEqual(['/opt/myapp', '/opt/company/python']);
    expect(ctx.python_sha256).toBe(sha);
    expect(ctx.python_url).toBe(`file:///srv/python/${spec.compile_python_version}/Python-${spec.compile_python_version}.tgz`);
    expect(ctx.fpm_command).toEqual([]);
  });

  it('ships only the install dir when Python is not compiled', () => {
    const spec = load(`${BASE}\n[[build]]\nprofile = "rockylinux-9"\ncompile_python = false\n`).builds[0]!;
    expect(buildTemplateContext(spec)).toMatchObject({package_paths: ['/opt/myapp'], python_bin: '/usr/bin/python3'});
  });

  it('points the build stage at the lock\'s requirement files when the build has a lock', () => {
    const spec = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\n`).builds[0]!;
    expect(buildTemplateContext(spec)).toMatchObject({lock_source: '', lock_requirements: '', lock_unhashed: '', lock_file: 'auto'});
    expect(buildTemplateContext(spec, {lock: {file: 'poetry.lock', hashed: true, unhashed: false}})).toMatchObject({
      lock_source: 'poetry.lock',
      lock_requirements: '/vdist/lock-requirements.txt',
      lock_unhashed: '',
    });
  });
});

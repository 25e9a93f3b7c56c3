import {describe, expect, it} from 'vitest';
import {BASE, load, problems} from './load-helpers.js';

const build = (keys: string, profile = 'debian-bookworm') => `${BASE}\n[[build]]\nprofile = "${profile}"\n${keys}\n`;

describe('deployment keys in vdist.toml', () => {
  it('leaves bin_links unset (the console scripts) by default, and keeps [] and a list as given', () => {
    const spec = load(build('')).builds[0]!;
    expect(spec.bin_links).toBeUndefined();
    expect(spec).toMatchObject({systemd_units: [], config_files: {}});
    expect(load(build('bin_links = []')).builds[0]!.bin_links).toEqual([]);
    expect(load(build('bin_links = ["myapp", "myapp-admin"]')).builds[0]!.bin_links).toEqual(['myapp', 'myapp-admin']);
  });

  it('takes units and config files as paths in the source, normalised', () => {
    const spec = load(build('systemd_units = ["./deploy/myapp.service"]\nconfig_files = { "/etc/myapp/config.toml" = "deploy/config.toml" }')).builds[0]!;
    expect(spec.systemd_units).toEqual(['deploy/myapp.service']);
    expect(spec.config_files).toEqual({'/etc/myapp/config.toml': 'deploy/config.toml'});
  });

  it("adds fpm's --deb-systemd to deb builds and --rpm-systemd to rpm builds, for the native packager", () => {
    const fpm = 'fpm_args = "--deb-systemd deploy/a.service --rpm-systemd deploy/b.service"';
    expect(load(build(fpm)).builds[0]!.systemd_units).toEqual(['deploy/a.service']);
    expect(load(build(fpm, 'rockylinux-9')).builds[0]!.systemd_units).toEqual(['deploy/b.service']);
  });

  it('refuses bad command names, units and config paths, each at its key', () => {
    expect(problems(build('bin_links = ["bin/myapp", "ok", "ok"]'))).toEqual([
      'vdist.toml:8: build[0].bin_links: "bin/myapp" is not a command name: letters, digits and . _ + - only, no "/"',
      'vdist.toml:8: build[0].bin_links: names ok more than once',
    ]);
    expect(problems(build('systemd_units = ["../myapp.service", "deploy/myapp.conf", "/etc/x.service", "a/my app.service", "a/x.timer", "b/x.timer"]'))).toEqual([
      'vdist.toml:8: build[0].systemd_units: unit "../myapp.service" must be a file in the source, relative to its root, e.g. deploy/myapp.service',
      'vdist.toml:8: build[0].systemd_units: "deploy/myapp.conf" is not a systemd unit file: its name must end with .service, .socket, .timer, .path, .target, .mount, .automount, .swap, .slice',
      'vdist.toml:8: build[0].systemd_units: unit "/etc/x.service" must be a file in the source, relative to its root, e.g. deploy/myapp.service',
      'vdist.toml:8: build[0].systemd_units: unit file name "my app.service" may hold only letters, digits and : _ . @ -',
      'vdist.toml:8: build[0].systemd_units: two units are named x.timer',
    ]);
    expect(problems(build('config_files = { "etc/a.toml" = "a.toml", "/etc/b.toml" = "/abs/b.toml", "/etc/c/" = "c" }'))).toEqual([
      'vdist.toml:8: build[0].config_files: "etc/a.toml" must be the absolute path the file is installed at, without spaces or "..", e.g. /etc/myapp/config.toml',
      'vdist.toml:8: build[0].config_files: "/abs/b.toml" (for /etc/b.toml) must be a file in the source, relative to its root, e.g. deploy/config.toml',
      'vdist.toml:8: build[0].config_files: "/etc/c/" must be the absolute path the file is installed at, without spaces or "..", e.g. /etc/myapp/config.toml',
    ]);
  });

  it('refuses an rpm capability such as python(abi) in a deb build\'s runtime_deps', () => {
    expect(problems(build('runtime_deps = ["python(abi) = 3.11"]'))).toEqual(['vdist.toml:8: build[0].runtime_deps: "python(abi) = 3.11" is an rpm capability, not a Debian package name']);
    expect(load(build('runtime_deps = ["python(abi) = 3.9"]', 'rockylinux-9')).builds[0]!.runtime_deps).toEqual(['python(abi) = 3.9']);
  });
});

import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {debMaintainerScripts, rpmScriptlets} from '../../../src/core/metadata/scripts.js';

// The scripts run for real under dash, with fake systemd tools first on PATH that
// record their argv: nothing here touches the host's systemd.
let dir: string;
let log: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vdist-scripts-'));
  log = join(dir, 'calls.log');
  for (const tool of ['deb-systemd-helper', 'deb-systemd-invoke', 'systemctl']) {
    await writeFile(join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\n`);
    await chmod(join(dir, tool), 0o755);
  }
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

/** Runs a script under dash with `args`; returns the recorded calls. `tools` false: no systemd tools on PATH at all. */
async function run(text: string, args: string[], tools = true): Promise<string[]> {
  await rm(log, {force: true});
  const file = join(dir, 'script');
  await writeFile(file, text);
  const result = await execa('/bin/dash', [file, ...args], {env: {PATH: tools ? `${dir}:/usr/bin:/bin` : '/nonexistent'}, extendEnv: false, reject: false});
  expect(result.exitCode).toBe(0);
  return (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

const SYSTEMD_RUNNING = await execa('test', ['-d', '/run/systemd/system'], {reject: false}).then((r) => r.exitCode === 0);

describe('maintainer scripts with systemd units', () => {
  const units = ['myapp.service', 'myapp-worker.timer'];
  const deb = debMaintainerScripts({after_install: `echo "hook after_install" >> '${'LOG'}'`, before_remove: 'echo hook'}, units);
  const rpm = rpmScriptlets({}, units);

  it('makes every deb script and rpm scriptlet the units need, and shellcheck finds nothing in them or in a preinst that makes shared directories', async () => {
    expect(Object.keys(deb).sort()).toEqual(['postinst', 'postrm', 'prerm']);
    expect(Object.keys(rpm).sort()).toEqual(['postin', 'postun', 'preun']);
    const preinst = debMaintainerScripts({}, [], ['/opt', '/usr/share/doc']).preinst!;
    for (const text of [...Object.values(deb), ...Object.values(rpm), preinst]) {
      const check = await execa('shellcheck', ['-s', 'sh', '-'], {input: text, reject: false});
      expect(check.stdout).toBe('');
    }
  });

  it('leaves the scripts out without units or hooks', () => {
    expect(debMaintainerScripts({}, [])).toEqual({});
    expect(rpmScriptlets({}, [])).toEqual({});
  });

  it.skipIf(SYSTEMD_RUNNING)('deb: enables on install and upgrade, masks on remove, purges on purge, and runs the hook first', async () => {
    const postinst = deb.postinst!.replace("'LOG'", `'${log}'`);
    expect(await run(postinst, ['configure', ''])).toEqual([
      'hook after_install',
      'deb-systemd-helper unmask myapp.service',
      'deb-systemd-helper --quiet was-enabled myapp.service',
      'deb-systemd-helper enable myapp.service',
      'deb-systemd-helper unmask myapp-worker.timer',
      'deb-systemd-helper --quiet was-enabled myapp-worker.timer',
      'deb-systemd-helper enable myapp-worker.timer',
    ]);
    expect(await run(deb.prerm!, ['remove'])).toEqual([]);
    expect(await run(deb.prerm!, ['upgrade', '2.0'])).toEqual([]);
    expect(await run(deb.postrm!, ['remove'])).toEqual(['deb-systemd-helper mask myapp.service myapp-worker.timer']);
    expect(await run(deb.postrm!, ['upgrade', '2.0'])).toEqual([]);
    expect(await run(deb.postrm!, ['purge'])).toEqual([
      'deb-systemd-helper purge myapp.service myapp-worker.timer',
      'deb-systemd-helper unmask myapp.service myapp-worker.timer',
    ]);
  });

  it.skipIf(SYSTEMD_RUNNING)('rpm: enables on install only, disables on erase only', async () => {
    expect(await run(rpm.postin!, ['1'])).toEqual(['systemctl --no-reload enable myapp.service myapp-worker.timer']);
    expect(await run(rpm.postin!, ['2'])).toEqual([]);
    expect(await run(rpm.preun!, ['0'])).toEqual(['systemctl --no-reload disable myapp.service myapp-worker.timer']);
    expect(await run(rpm.preun!, ['1'])).toEqual([]);
    expect(await run(rpm.postun!, ['0'])).toEqual([]);
  });

  it('succeeds where no systemd tool exists at all (containers, chroots)', async () => {
    for (const [text, args] of [[deb.postinst!, ['configure', '']], [deb.prerm!, ['remove']], [deb.postrm!, ['purge']], [rpm.postin!, ['1']], [rpm.preun!, ['0']], [rpm.postun!, ['0']]] as const) {
      expect(await run(text.replace(/echo "hook after_install" >> '[^']*'/, ':'), [...args], false)).toEqual([]);
    }
  });
});

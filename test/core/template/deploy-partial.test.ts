import {mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {BUILTIN_TEMPLATES_DIR} from '../../../src/core/support/package-root.js';
import {renderTemplateString} from '../../../src/core/template/render.js';

// The "deploy" partial's stage_deploy_files, run by bash on the host against a
// scratch tree: every path it writes is under the test's temp dir.
let t: string;
beforeEach(async () => {
  t = await mkdtemp(join(tmpdir(), 'vdist-deploy-partial-'));
  await mkdir(join(t, 'build/src/deploy'), {recursive: true});
  await writeFile(join(t, 'build/src/deploy/config.toml'), 'n = 1\n');
  await writeFile(join(t, 'build/src/deploy/myapp.service'), '[Service]\n');
  await mkdir(join(t, 'opt/myapp/bin'), {recursive: true});
  await symlink('/usr/bin/python3', join(t, 'opt/myapp/bin/python'));
  await writeFile(join(t, 'opt/myapp/bin/myapp'), '#!/bin/sh\n', {mode: 0o755});
});
afterEach(async () => {
  await rm(t, {recursive: true, force: true});
});

async function stage(over: Record<string, unknown> = {}) {
  const context = {
    bin_links: ['myapp'], bin_links_auto: false, systemd_units: ['deploy/myapp.service'], config_files: [join(t, 'etc/myapp/config.toml'), 'deploy/config.toml'],
    bin_dir: join(t, 'usr/bin'), unit_dir: join(t, 'usr/lib/systemd/system'), interpreter_dep: true, format: 'deb', deploy_facts: join(t, 'facts'), ...over,
  };
  const partial = renderTemplateString(await readFile(join(BUILTIN_TEMPLATES_DIR, 'partials/deploy.sh'), 'utf8'), context, 'deploy.sh');
  const script = `set -euo pipefail
fail() { printf 'vdist: error: %s\\n' "$*" >&2; exit 1; }
build_root='${t}/build' install_dir='${t}/opt/myapp'
${partial}
stage_deploy_files
printf '%s\\n' "\${fpm_deploy_args[@]}"
`;
  return execa('bash', ['-c', script], {reject: false});
}

const python = (await execa('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout;
const next = `3.${Number(python.split('.')[1]) + 1}`;

describe('the deploy partial', () => {
  it('stages config files, units and /usr/bin links, and writes the facts and the fpm flags', async () => {
    const r = await stage();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(t, 'etc/myapp/config.toml'), 'utf8')).toBe('n = 1\n');
    expect(await readFile(join(t, 'usr/lib/systemd/system/myapp.service'), 'utf8')).toBe('[Service]\n');
    expect(await readlink(join(t, 'usr/bin/myapp'))).toBe(join(t, 'opt/myapp/bin/myapp'));
    expect(await readFile(join(t, 'facts'), 'utf8')).toBe(`python_version=${python}\nbin_links=myapp\n`);
    const lines = r.stdout.split('\n');
    // The facts also go to the log, on the line vdist reads them from (deploy-facts.ts).
    expect(lines[0]).toBe(`vdist: deploy facts: python_version=${python} bin_links=myapp`);
    expect(lines.slice(2)).toEqual(['--config-files', join(t, 'etc/myapp/config.toml'), '-d', `python3 >= ${python}`, '-d', `python3 < ${next}`]);
    await rm(join(t, 'usr/bin/myapp'));
    const rpm = await stage({format: 'rpm'});
    expect(rpm.stdout.split('\n').slice(-2)).toEqual(['-d', `python(abi) = ${python}`]);
  });

  it('refuses to link over a command that is already there', async () => {
    await mkdir(join(t, 'usr/bin'), {recursive: true});
    await writeFile(join(t, 'usr/bin/myapp'), 'theirs');
    const r = await stage();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`vdist: error: bin_links: ${join(t, 'usr/bin/myapp')} is already in the build image: vdist does not link over another package's command`);
  });

  it('names a bin_links command the app does not have, and a config file missing from the source', async () => {
    expect((await stage({bin_links: ['nosuch']})).stderr).toContain(`bin_links: ${join(t, 'opt/myapp/bin/nosuch')} does not exist`);
    expect((await stage({config_files: ['/etc/x.toml', 'deploy/missing.toml']})).stderr).toContain('config_files: /etc/x.toml comes from "deploy/missing.toml", which is not a file in the source');
  });
});

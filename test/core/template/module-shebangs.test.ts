import {chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {createHash} from 'node:crypto';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {BUILTIN_TEMPLATES_DIR} from '../../../src/core/support/package-root.js';

// The build stage's blank_module_shebangs, cut out of python-app.sh and run by
// bash with the host's python3 against a scratch site-packages.
let t: string;
let site: string;
beforeEach(async () => {
  t = await mkdtemp(join(tmpdir(), 'vdist-shebangs-'));
  site = join(t, 'lib/python3/site-packages');
  await mkdir(join(site, 'pkg'), {recursive: true});
  await mkdir(join(site, 'pkg-1.0.dist-info'), {recursive: true});
});
afterEach(async () => {
  await rm(t, {recursive: true, force: true});
});

async function blank(): Promise<{exitCode?: number; stdout: string; stderr: string}> {
  const source = await readFile(join(BUILTIN_TEMPLATES_DIR, 'partials/python-app.sh'), 'utf8');
  const fn = /^blank_module_shebangs\(\) \{\n[\s\S]*?\n\}\n/m.exec(source)?.[0];
  if (!fn) throw new Error('no blank_module_shebangs in python-app.sh');
  return execa('bash', ['-c', `set -euo pipefail\n${fn}\nblank_module_shebangs python3 "$1"`, 'bash', t], {reject: false});
}

const recordHash = (data: string) => `sha256=${createHash('sha256').update(data).digest('base64url')}`;

describe('blank_module_shebangs', () => {
  it("empties the #! line of a module that is not executable, keeps its line count, and updates its RECORD row", async () => {
    const module = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nX = 1\n';
    const kept = 'Y = 2\n';
    await writeFile(join(site, 'pkg/vendored.py'), module, {mode: 0o644});
    await writeFile(join(site, 'pkg/plain.py'), kept, {mode: 0o644});
    // RECORD as pip writes it: CRLF line ends, a quoted path among them.
    const rows = [`pkg/vendored.py,${recordHash(module)},${module.length}`, `"pkg/plain.py",${recordHash(kept)},${kept.length}`, 'pkg-1.0.dist-info/RECORD,,'];
    await writeFile(join(site, 'pkg-1.0.dist-info/RECORD'), rows.map((r) => `${r}\r\n`).join(''));

    const r = await blank();
    expect(r.exitCode, r.stderr).toBe(0);
    const blanked = '\n# -*- coding: utf-8 -*-\nX = 1\n';
    expect(await readFile(join(site, 'pkg/vendored.py'), 'utf8')).toBe(blanked);
    expect(await readFile(join(site, 'pkg/plain.py'), 'utf8')).toBe(kept);
    expect((await stat(join(site, 'pkg/vendored.py'))).mode & 0o777).toBe(0o644);
    const record = await readFile(join(site, 'pkg-1.0.dist-info/RECORD'), 'utf8');
    expect(record).toBe([`pkg/vendored.py,${recordHash(blanked)},${blanked.length}`, rows[1], rows[2]].map((row) => `${row}\r\n`).join(''));
    expect(r.stdout.trim()).toBe(`blanked the #! line of ${join(site, 'pkg/vendored.py')}: a module that is not executable`);
  });

  it('leaves executable files and files other than *.py as they are', async () => {
    const script = '#!/opt/app/bin/python\nprint(1)\n';
    await writeFile(join(site, 'pkg/tool.py'), script);
    await chmod(join(site, 'pkg/tool.py'), 0o755);
    await writeFile(join(site, 'pkg/run.sh'), '#!/bin/sh\necho hi\n', {mode: 0o644});
    await writeFile(join(site, 'pkg-1.0.dist-info/RECORD'), `pkg/tool.py,${recordHash(script)},${script.length}\n`);

    const r = await blank();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(site, 'pkg/tool.py'), 'utf8')).toBe(script);
    expect(await readFile(join(site, 'pkg/run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(await readFile(join(site, 'pkg-1.0.dist-info/RECORD'), 'utf8')).toBe(`pkg/tool.py,${recordHash(script)},${script.length}\n`);
    expect(r.stdout).toBe('');
  });
});

import {mkdtemp, mkdir, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pino} from 'pino';
import {expect} from 'vitest';
import type {Backend} from '../../src/backends/backend.js';
import {copyOut} from '../../src/backends/copy-out.js';
import {withContainer} from '../../src/backends/with-container.js';
import {makeSourceTar} from '../../src/core/source/make-source-tar.js';

/** The image every integration test uses (imported from the debootstrap rootfs on CI hosts). */
export const TEST_IMAGE = 'docker.io/library/debian:bookworm';

/** A Node stream that collects pino records, to check what a build logged. */
export function memoryLogger() {
  const records: Array<Record<string, unknown>> = [];
  const log = pino({level: 'debug', base: undefined}, {write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>)});
  return {log: log.child({build: 'it'}), records};
}

/**
 * The integration scenario every engine must pass: stream a small source tree
 * in, run a script that reads it and writes results (one line to stderr
 * too), stream the results out, and leave no container behind.
 */
export async function runScenario(backend: Backend, options: {network?: string} = {}): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'vdist-it-'));
  try {
    const src = join(work, 'src');
    await mkdir(join(src, 'pkg'), {recursive: true});
    await writeFile(join(src, 'pkg', 'app.py'), 'print("hello")\n');
    await writeFile(join(src, 'secret.log'), 'skip me\n');
    await writeFile(join(src, '.vdistignore'), '*.log\n');
    await symlink('pkg/app.py', join(src, 'link.py'));
    const {log, records} = memoryLogger();
    await backend.ensureImage(TEST_IMAGE, {log});
    const source = await makeSourceTar({kind: 'directory', path: src}, {});
    const script = [
      'set -e',
      'mkdir -p /vdist/out/sub',
      'cat /vdist/src/pkg/app.py > /vdist/out/app-copy.py',
      'readlink /vdist/src/link.py > /vdist/out/sub/link-target',
      'ls /vdist/src > /vdist/out/listing',
      'echo "$GREETING" > /vdist/out/env',
      'echo to-stderr >&2',
      'ln -s app-copy.py /vdist/out/alias.py',
    ].join('\n');
    const out = join(work, 'dist');
    await mkdir(out);
    await writeFile(join(out, 'earlier.deb'), 'keep');
    let name = '';
    await withContainer(backend, {build: 'it :: scenario', image: TEST_IMAGE, network: options.network}, {log}, async (c) => {
      name = c.name;
      expect(name).toMatch(/^vdist-it-scenario-[0-9a-f]{8}$/);
      await backend.copyIn(c, source.tar, '/vdist/src', {log});
      await backend.run(c, ['sh', '-c', script], {log, env: {GREETING: 'hi there'}});
      await copyOut(backend, c, '/vdist/out', ['.'], out, {log});
    });
    expect(await readFile(join(out, 'app-copy.py'), 'utf8')).toBe('print("hello")\n');
    expect((await readFile(join(out, 'sub/link-target'), 'utf8')).trim()).toBe('pkg/app.py');
    expect((await readFile(join(out, 'listing'), 'utf8')).trim().split('\n')).toEqual(['link.py', 'pkg']);
    expect((await readFile(join(out, 'env'), 'utf8')).trim()).toBe('hi there');
    expect(await readlink(join(out, 'alias.py'))).toBe('app-copy.py');
    expect(await readFile(join(out, 'earlier.deb'), 'utf8')).toBe('keep');
    expect(records.some((r) => r.stream === 'stderr' && r.msg === 'to-stderr' && r.build === 'it')).toBe(true);
    // Other suites may run builds at the same time: look for ours only.
    expect((await backend.listLabelled({log})).map((c) => c.name)).not.toContain(name);
  } finally {
    await rm(work, {recursive: true, force: true});
  }
}

import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {readLogTail} from '../../../src/core/pipeline/log-tail.js';

describe('readLogTail', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it('keeps subprocess lines and warnings, drops debug chatter, returns the last N', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-tail-'));
    const file = join(dir, 'b.log');
    const records = [
      {level: 20, msg: 'run podman exec ...'},
      {level: 30, stream: 'stdout', msg: 'Collecting fastsum'},
      {level: 30, stream: 'stderr', msg: 'ERROR: No matching distribution found for nosuchpkg'},
      {level: 20, msg: 'step build: failed'},
      {level: 50, msg: 'failed at step build'},
      {level: 50, step: 'build', failure: true, msg: 'failed at step build: the summary says this'},
    ];
    await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\nnot json\n`);
    expect(await readLogTail(file, 40)).toEqual([
      'Collecting fastsum',
      'ERROR: No matching distribution found for nosuchpkg',
      'failed at step build',
      'not json',
    ]);
    expect(await readLogTail(file, 2)).toEqual(['failed at step build', 'not json']);
  });

  it('is empty for a missing file', async () => {
    expect(await readLogTail('/nonexistent/vdist.log', 40)).toEqual([]);
  });
});

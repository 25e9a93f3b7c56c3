import {describe, expect, it} from 'vitest';
import {ProgressModel} from '../../../src/core/progress/model.js';
import {buildRecords} from './records.js';

describe('ProgressModel', () => {
  it('follows a build from queued through its steps to ok, counting each step once', () => {
    const model = new ProgressModel(['a', 'b']);
    const steps: string[] = [];
    for (const record of buildRecords('a', 1000)) {
      for (const c of model.apply(record)) if (c.kind === 'step') steps.push(c.build.step!);
    }
    expect(steps).toEqual(['image', 'provision', 'provision: system packages', 'source', 'pip cache', 'build: requirements', 'package']);
    const [a, b] = model.builds;
    expect(a).toMatchObject({status: 'ok', started: 1000, ended: 1800, cache: ['python miss'], lastLine: 'Successfully installed app-1.0'});
    expect(b!.status).toBe('queued');
  });

  it('keeps a failed build\'s error and last output lines; probe output at debug is not the build\'s', () => {
    const model = new ProgressModel(['a']);
    for (const record of buildRecords('a', 0, {fail: true})) model.apply(record);
    const [a] = model.builds;
    expect(a!.status).toBe('failed');
    expect(a!.error).toMatch(/exited with code 1/);
    expect(a!.recent.at(-1)).toBe('Successfully installed app-1.0');
    expect(a!.recent).not.toContain('[{"Id": "probe output"}]');
  });

  it('passes on messages that are not about a build', () => {
    const model = new ProgressModel([]);
    expect(model.apply({level: 30, msg: 'backend podman 4.3.1'})).toEqual([{kind: 'message', level: 30, message: 'backend podman 4.3.1'}]);
    expect(model.apply({level: 20, msg: 'probing'})).toEqual([]);
  });
});

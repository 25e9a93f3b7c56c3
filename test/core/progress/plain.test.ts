import {describe, expect, it} from 'vitest';
import {PlainView} from '../../../src/core/progress/plain.js';
import type {CiKind} from '../../../src/core/progress/ci.js';
import {buildRecords, interleaved} from './records.js';

function run(ci?: CiKind, level = 30): string[] {
  const out: string[] = [];
  const view = new PlainView({builds: ['a', 'b'], write: (l) => out.push(l), level, ci});
  view.record({level: 30, time: 0, msg: 'backend podman 4.3.1, chosen by auto'});
  for (const record of interleaved(buildRecords('a', 1000), buildRecords('b', 1050, {fail: true}))) view.record(record);
  view.finish();
  return out;
}

describe('PlainView', () => {
  it('prints one timestamped line per step per build, warnings and the end, never the apt lines', () => {
    const out = run();
    expect(out.length).toBeLessThan(30);
    expect(out.join('\n')).not.toMatch(/Setting up/);
    expect(out.filter((l) => l.includes('[a] provision: system packages'))).toHaveLength(1);
    expect(out.every((l) => /^\d\d:\d\d:\d\d /.test(l))).toBe(true);
    expect(out).toContainEqual(expect.stringMatching(/\[a\] vdist: warning: something to know$/));
    expect(out).toContainEqual(expect.stringMatching(/\[a\] built dist\/a_1.0_all.deb in 0.8s$/));
    expect(out).toContainEqual(expect.stringMatching(/\[b\] failed at step build: /));
    expect(out).toContainEqual(expect.stringMatching(/\[a\] cache miss \(python\)$/));
  });

  it('folds each build in a GitHub group, one group at a time', () => {
    const out = run('github');
    const markers = out.filter((l) => l.startsWith('::'));
    expect(markers).toEqual(['::group::a', '::endgroup::', '::group::b', '::endgroup::']);
    const b = out.indexOf('::group::b');
    expect(out.slice(0, b).some((l) => l.includes('[b]'))).toBe(false);
    expect(out.slice(b).some((l) => l.includes('[a]'))).toBe(false);
  });

  it('uses GitLab\'s collapsible sections', () => {
    const out = run('gitlab');
    expect(out.filter((l) => l.includes('section_start:')).map((l) => /vdist_\w+/.exec(l)![0])).toEqual(['vdist_a', 'vdist_b']);
    expect(out.filter((l) => l.includes('section_end:'))).toHaveLength(2);
  });

  it('shows everything at --log-level debug', () => {
    expect(run(undefined, 20).some((l) => l.includes('Setting up libfoo7'))).toBe(true);
  });
});

import {describe, expect, it} from 'vitest';
import type {BuildOutcome} from '../../../src/core/pipeline/outcome.js';
import {describeAdded, describeCache, exitCodeFor, renderSummary, summaryJson} from '../../../src/core/pipeline/summary.js';

const ok: BuildOutcome = {status: 'ok', build: 'app :: debian', profile: 'debian-bookworm', packageFile: '/out/dist/app_1.0-1_amd64.deb', sizeBytes: 12_345_678, durationMs: 83_400, addedDeps: ['libc6', 'zlib1g'], cache: {status: 'hit', levels: [{level: 'python', key: 'k1', reference: 'localhost/vdist-cache/debian-bookworm:k1', status: 'hit'}]}};
const failed: BuildOutcome = {
  status: 'failed',
  build: 'app :: broken',
  profile: 'debian-bookworm',
  durationMs: 9_100,
  step: 'build',
  error: 'build script exited with code 1: ERROR: No matching distribution found for nosuchpkg==9.9',
  tail: Array.from({length: 50}, (_, i) => `line ${i + 1}`),
};
const interrupted: BuildOutcome = {status: 'interrupted', build: 'app :: rpm', profile: 'rockylinux-9', durationMs: 1_000};

describe('summary', () => {
  it('decides the exit code: 0 all ok, 1 a build failed, 130 interrupted', () => {
    expect(exitCodeFor([ok])).toBe(0);
    expect(exitCodeFor([ok, failed])).toBe(1);
    expect(exitCodeFor([ok, failed, interrupted])).toBe(130);
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([ok, failed, {...failed, usage: true}])).toBe(2);
  });

  it('renders a row per build, then each failure with its step, error and last 40 log lines', () => {
    const text = renderSummary([ok, failed, interrupted]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^BUILD\s+PROFILE\s+STATUS\s+CACHE\s+PACKAGE\s+SIZE\s+DURATION\s+ADDED DEPS$/);
    expect(lines[1]).toMatch(/^app :: debian\s+debian-bookworm\s+ok\s+hit\s+app_1\.0-1_amd64\.deb\s+12 MB\s+1m23s\s+libc6, zlib1g$/);
    expect(lines[2]).toMatch(/^app :: broken\s+debian-bookworm\s+failed \(build\)\s+-\s+-\s+-\s+9\.1s\s+-$/);
    expect(lines[3]).toMatch(/^app :: rpm\s+rockylinux-9\s+interrupted/);
    expect(text).toContain('app :: broken failed at step "build": build script exited with code 1: ERROR: No matching distribution found for nosuchpkg==9.9');
    expect(text).toContain('last 40 log lines:');
    expect(text).toContain('  | line 11');
    expect(text).not.toContain('  | line 10\n');
    expect(text).toContain('  | line 50');
    expect(text.trimEnd().endsWith('1 of 3 builds succeeded.')).toBe(true);
  });

  it('gives JSON with the exit code and the outcomes, tails capped at 40 lines', () => {
    const json = summaryJson([ok, failed]);
    expect(json.exitCode).toBe(1);
    expect(json.builds[0]).toEqual(ok);
    const f = json.builds[1] as Extract<BuildOutcome, {status: 'failed'}>;
    expect(f.tail).toHaveLength(40);
    expect(f.tail[0]).toBe('line 11');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('says so when nothing ran', () => {
    expect(renderSummary([])).toBe('No builds ran.');
  });
});

describe('describeCache', () => {
  const level = (l: 'python' | 'deps', status: 'hit' | 'miss') => ({level: l, key: 'k', reference: 'r', status});
  it('says hit, miss or off, and level by level when the levels differ', () => {
    expect(describeCache(undefined)).toBe('-');
    expect(describeCache({status: 'off', levels: []})).toBe('off');
    expect(describeCache({status: 'hit', levels: [level('python', 'hit'), level('deps', 'hit')]})).toBe('hit');
    expect(describeCache({status: 'miss', levels: [level('python', 'miss'), level('deps', 'miss')]})).toBe('miss');
    expect(describeCache({status: 'miss', levels: [level('python', 'hit'), level('deps', 'miss')]})).toBe('python hit, deps miss');
  });

  it('names the levels that came from the cache registry', () => {
    const pulled = {...level('python', 'hit'), source: 'registry' as const};
    expect(describeCache({status: 'hit', levels: [pulled, {...level('deps', 'hit'), source: 'local' as const}]})).toBe('python hit (registry), deps hit');
    expect(describeCache({status: 'hit', levels: [{...level('python', 'hit'), source: 'local' as const}]})).toBe('hit');
  });

  it('drops optional columns to fit a narrow terminal, never the build, status or package', () => {
    const full = renderSummary([ok]).split('\n')[0]!;
    expect(full).toMatch(/ADDED DEPS/);
    const narrow = renderSummary([ok, failed], 60).split('\n').slice(0, 3);
    expect(narrow.every((l) => l.length <= 60)).toBe(true);
    expect(narrow[0]).toMatch(/^BUILD +STATUS +PACKAGE/);
    expect(narrow[0]).not.toMatch(/PROFILE|ADDED DEPS/);
    expect(narrow[1]).toMatch(/app_1.0-1_amd64.deb/);
  });
});

describe('describeAdded', () => {
  it('shows .deb relations as written, an .rpm\'s library capabilities once per library', () => {
    expect(describeAdded(['libc6 (>= 2.34)', 'zlib1g (>= 1:1.2.0)'])).toBe('libc6 (>= 2.34), zlib1g (>= 1:1.2.0)');
    expect(describeAdded(['libc.so.6()(64bit)', 'libc.so.6(GLIBC_2.14)(64bit)', 'libz.so.1(ZLIB_1.2.0)(64bit)', 'rtld(GNU_HASH)'])).toBe('libc.so.6, libz.so.1');
    expect(describeAdded(['libc.so.6', 'libc.so.6(GLIBC_2.0)'])).toBe('libc.so.6');
    expect(describeAdded([])).toBe('-');
  });
});

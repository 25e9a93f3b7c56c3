import {describe, expect, it} from 'vitest';
import {buildLogFile} from '../../../src/core/pipeline/build-one.js';

describe('buildLogFile', () => {
  it('keeps a name that is a safe file name as it is', () => {
    expect(buildLogFile('/out', 'myapp-1.0-debian-bookworm-arm64')).toBe('/out/logs/myapp-1.0-debian-bookworm-arm64.log');
  });

  it('gives names that only differ in unsafe characters logs of their own', () => {
    const spaced = buildLogFile('/out', 'a b');
    const slashed = buildLogFile('/out', 'a/b');
    expect(spaced).toMatch(/^\/out\/logs\/a_b-[0-9a-f]{8}\.log$/);
    expect(new Set([spaced, slashed, buildLogFile('/out', 'a_b')]).size).toBe(3);
  });
});

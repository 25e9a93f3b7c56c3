import {describe, expect, it} from 'vitest';
import {formatDuration, formatSize} from '../../../src/core/support/format.js';

describe('format', () => {
  it('formats sizes and durations the way people read them', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(940_000)).toBe('940 kB');
    expect(formatSize(12_345_678)).toBe('12 MB');
    expect(formatSize(1_500_000)).toBe('1.5 MB');
    expect(formatDuration(42_100)).toBe('42.1s');
    expect(formatDuration(187_000)).toBe('3m07s');
  });
});

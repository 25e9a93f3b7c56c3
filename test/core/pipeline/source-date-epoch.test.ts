import {describe, expect, it} from 'vitest';
import {chooseSourceDateEpoch, FALLBACK_SOURCE_DATE_EPOCH} from '../../../src/core/pipeline/source-date-epoch.js';

describe('chooseSourceDateEpoch', () => {
  it('prefers SOURCE_DATE_EPOCH from the environment', () => {
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: '1700000000'}, 1600000000)).toEqual({value: 1_700_000_000, origin: 'SOURCE_DATE_EPOCH'});
  });

  it('uses the git commit time when the environment has none or a bad one', () => {
    expect(chooseSourceDateEpoch({}, 1600000000)).toEqual({value: 1_600_000_000, origin: 'git commit'});
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: 'yesterday'}, 1600000000)).toEqual({value: 1_600_000_000, origin: 'git commit'});
  });

  it('falls back to 1980-01-01 for a plain directory source', () => {
    expect(chooseSourceDateEpoch({})).toEqual({value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'});
    expect(new Date(FALLBACK_SOURCE_DATE_EPOCH * 1000).toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });
});

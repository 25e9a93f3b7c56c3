import {describe, expect, it} from 'vitest';
import {chooseSourceDateEpoch, describeSourceDateEpoch, FALLBACK_SOURCE_DATE_EPOCH} from '../../../src/core/pipeline/source-date-epoch.js';

const commit = {value: 1_600_000_000, origin: 'git commit', detail: '0123456789ab'} as const;
const newest = {value: 1_650_000_000, origin: 'newest file', detail: 'app/main.py'} as const;

describe('chooseSourceDateEpoch', () => {
  it('prefers SOURCE_DATE_EPOCH from the environment over any source', () => {
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: '1700000000'}, commit)).toEqual({value: 1_700_000_000, origin: 'SOURCE_DATE_EPOCH'});
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: ' 1700000000 '}, newest)).toEqual({value: 1_700_000_000, origin: 'SOURCE_DATE_EPOCH'});
  });

  it("uses the source's date when the environment has none, an empty one or a bad one", () => {
    expect(chooseSourceDateEpoch({}, commit)).toEqual(commit);
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: 'yesterday'}, commit)).toEqual(commit);
    expect(chooseSourceDateEpoch({SOURCE_DATE_EPOCH: ''}, newest)).toEqual(newest);
  });

  it('falls back to 1980-01-01 only when the source gives no date (a directory without files)', () => {
    expect(chooseSourceDateEpoch({})).toEqual({value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'});
    expect(chooseSourceDateEpoch({}, {value: -1, origin: 'newest file'})).toEqual({value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'});
    expect(new Date(FALLBACK_SOURCE_DATE_EPOCH * 1000).toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });
});

describe('describeSourceDateEpoch', () => {
  it('says the date in UTC and where it came from', () => {
    expect(describeSourceDateEpoch(newest)).toBe('1650000000 (2022-04-15T05:20:00Z, from the newest file: app/main.py)');
    expect(describeSourceDateEpoch(commit)).toBe('1600000000 (2020-09-13T12:26:40Z, from the git commit: 0123456789ab)');
    expect(describeSourceDateEpoch({value: 1_700_000_000, origin: 'SOURCE_DATE_EPOCH'})).toBe('1700000000 (2023-11-14T22:13:20Z, from the environment)');
    expect(describeSourceDateEpoch({value: FALLBACK_SOURCE_DATE_EPOCH, origin: 'fallback'})).toMatch(/^315532800 \(1980-01-01T00:00:00Z, the fallback/);
  });
});

import {compareDebVersions, rpmVercmp} from '../../../src/core/publish/versions.js';

describe('version ordering', () => {
  it('orders Debian versions as dpkg does', () => {
    const sorted = ['1.0~rc1', '1.0', '1.0-1', '1.0-2', '1.0a', '1.0+b1', '1.1', '1.10', '1:0.1'];
    expect([...sorted].reverse().sort(compareDebVersions)).toEqual(sorted);
    expect(compareDebVersions('1.0-1', '1.0-01')).toBe(0);
  });

  it('orders rpm versions as rpmvercmp does', () => {
    expect(rpmVercmp('1.0', '1.0')).toBe(0);
    expect(rpmVercmp('1.0~rc1', '1.0')).toBeLessThan(0);
    expect(rpmVercmp('1.10', '1.9')).toBeGreaterThan(0);
    expect(rpmVercmp('1.0a', '1.0')).toBeGreaterThan(0);
    expect(rpmVercmp('1.0', '1.0^git1')).toBeLessThan(0);
    expect(rpmVercmp('2.0', '2a')).toBeGreaterThan(0);
  });
});

import {DEFAULT_CACHE_MAX_AGE, parseAge} from '../../../src/core/cache/max-age.js';
import {pipEnv, PIP_CACHE_DIR} from '../../../src/core/cache/pip-cache.js';

describe('cache_max_age', () => {
  it('reads seconds, minutes, hours, days and weeks, and "0" (never reuse)', () => {
    expect(parseAge('90s')).toBe(90_000);
    expect(parseAge('30m')).toBe(1_800_000);
    expect(parseAge('12h')).toBe(43_200_000);
    expect(parseAge(DEFAULT_CACHE_MAX_AGE)).toBe(7 * 86_400_000);
    expect(parseAge('2w')).toBe(14 * 86_400_000);
    expect(parseAge('0')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const bad of ['7', '', 'd', '7 days', '-1d', '1.5h']) expect(parseAge(bad)).toBeUndefined();
  });
});

describe("pip's cache in the build stage", () => {
  it('points pip at /vdist/pip-cache, or switches its cache off (--no-cache)', () => {
    expect(PIP_CACHE_DIR).toBe('/vdist/pip-cache');
    expect(pipEnv(true)).toEqual({PIP_CACHE_DIR: '/vdist/pip-cache'});
    expect(pipEnv(false)).toEqual({PIP_NO_CACHE_DIR: '1'});
  });
});

describe('[vdist] cache_max_age in vdist.toml', () => {
  it('is an age, and anything else is a config error naming the key', async () => {
    const {mkdtempSync, writeFileSync} = await import('node:fs');
    const {tmpdir} = await import('node:os');
    const {join} = await import('node:path');
    const {loadToolSettings} = await import('../../../src/core/config/load.js');
    const dir = mkdtempSync(join(tmpdir(), 'vdist-age-'));
    writeFileSync(join(dir, 'ok.toml'), '[vdist]\ncache_max_age = "12h"\n');
    expect(loadToolSettings(join(dir, 'ok.toml')).cache_max_age).toBe('12h');
    writeFileSync(join(dir, 'bad.toml'), '[vdist]\ncache_max_age = "a week"\n');
    expect(() => loadToolSettings(join(dir, 'bad.toml'))).toThrow(/bad\.toml:2: vdist\.cache_max_age: expected an age such as "7d"/);
  });
});

import {describe, expect, it} from 'vitest';
import {DEFAULT_PYTHON_VERSION, KNOWN_TARBALL_SHA256, knownTarballSha256} from '../../../src/core/python/known-tarballs.js';

describe('known CPython tarballs', () => {
  it('knows the default version', () => {
    expect(knownTarballSha256(DEFAULT_PYTHON_VERSION)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('holds only well-formed digests for x.y.z versions', () => {
    for (const [version, digest] of Object.entries(KNOWN_TARBALL_SHA256)) {
      expect(version).toMatch(/^3\.\d+\.\d+$/);
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('has the digest of the 3.11.2 tarball the compile_python tests serve', () => {
    expect(knownTarballSha256('3.11.2')).toBe('2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849');
  });

  it('knows nothing of unknown versions, nor of inherited object keys', () => {
    expect(knownTarballSha256('3.99.0')).toBeUndefined();
    expect(knownTarballSha256('constructor')).toBeUndefined();
  });
});

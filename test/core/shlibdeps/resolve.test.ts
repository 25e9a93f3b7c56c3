import {describe, expect, it} from 'vitest';
import {dependencyName, mergeDependencies, parseLookupOutput, sonamesToResolve} from '../../../src/core/shlibdeps/resolve.js';

describe('shared-library dependencies', () => {
  it('resolves what the tree needs but does not ship, sorted', () => {
    const facts = {needed: new Set(['libz.so.1', 'libc.so.6', 'libgfortran-040039e1.so.5.0.0', 'libssl.so.3']), provided: new Set(['libgfortran-040039e1.so.5.0.0'])};
    expect(sonamesToResolve(facts)).toEqual(['libc.so.6', 'libssl.so.3', 'libz.so.1']);
  });

  it('parses the lookup output, an empty package meaning unowned', () => {
    const owners = parseLookupOutput('libz.so.1\tzlib1g\nlibfoo.so.9\t\nlibc.so.6\tlibc6\n\n');
    expect([...owners]).toEqual([
      ['libz.so.1', 'zlib1g'],
      ['libfoo.so.9', ''],
      ['libc.so.6', 'libc6'],
    ]);
  });

  it('names a dependency without version or architecture', () => {
    expect(dependencyName('python3 (>= 3.11)')).toBe('python3');
    expect(dependencyName('libssl3:amd64')).toBe('libssl3');
    expect(dependencyName('python3>=3.9')).toBe('python3');
    expect(dependencyName(' zlib1g ')).toBe('zlib1g');
  });

  it('adds found packages after runtime_deps, never repeating one the user lists', () => {
    expect(mergeDependencies(['python3 (>= 3.11)', 'libpq5'], ['libc6', 'libpq5', 'python3', 'zlib1g'])).toEqual({
      depends: ['python3 (>= 3.11)', 'libpq5', 'libc6', 'zlib1g'],
      added: ['libc6', 'zlib1g'],
    });
    expect(mergeDependencies([], [])).toEqual({depends: [], added: []});
  });
});

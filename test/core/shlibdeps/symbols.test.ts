import {describe, expect, it} from 'vitest';
import {parseLibraryInfo} from '../../../src/core/shlibdeps/resolve.js';
import {mergeByPackage, parseShlibs, parseSymbols, shlibsKey, versionedDepends, type LibraryInfo} from '../../../src/core/shlibdeps/symbols.js';

const LIBFOO = `libfoo.so.1 libfoo1 #MINVER#
| libfoo1 (>> 2.0), libfoo1 (<< 2.1)
* Build-Depends-Package: libfoo-dev
#DEPRECATED: 1.5#foo_old@Base 1.0
 foo_a@Base 1.0
 foo_b@FOO_1.2 1.2~rc1
 foo_c@FOO_1.4 1:1.4
 foo_private@FOO_PRIVATE 0 1
 (symver)FOO_2.0 2.0
 (c++)"foo::bar()@Base" 1.3
libfoo-extra.so.1 libfoo-extra1 (>= 0.5)
 extra@Base 0.9
`;

const info = (over: Partial<LibraryInfo> = {}): LibraryInfo => ({
  symbols: new Map([['libfoo1', parseSymbols(LIBFOO)]]),
  shlibs: new Map([['libbar2', parseShlibs('libbar 2 libbar2 (>= 2.4)\nudeb: libbar 2 libbar2-udeb (>= 2.4)\n')]]),
  ...over,
});
const owners = new Map([
  ['libfoo.so.1', 'libfoo1'],
  ['libbar.so.2', 'libbar2'],
]);

describe('deb-symbols and deb-shlibs files', () => {
  it('parses libraries, templates, symbols with their minimum versions and template ids', () => {
    const file = parseSymbols(LIBFOO);
    expect([...file.keys()]).toEqual(['libfoo.so.1', 'libfoo-extra.so.1']);
    const foo = file.get('libfoo.so.1')!;
    expect(foo.templates).toEqual(['libfoo1 #MINVER#', 'libfoo1 (>> 2.0), libfoo1 (<< 2.1)']);
    expect([...foo.symbols]).toEqual([
      ['foo_a@Base', {minver: '1.0', template: 0}],
      ['foo_b@FOO_1.2', {minver: '1.2~rc1', template: 0}],
      ['foo_c@FOO_1.4', {minver: '1:1.4', template: 0}],
      ['foo_private@FOO_PRIVATE', {minver: '0', template: 1}],
    ]);
    expect(foo.versions.get('FOO_2.0')).toEqual({minver: '2.0', template: 0});
    // The alternative template's GLIBC_PRIVATE-like symbol does not count.
    expect(foo.smallest).toBe('1.0');
  });

  it('keys shlibs lines by library name and version, as dpkg splits a soname', () => {
    expect(shlibsKey('libz.so.1')).toBe('libz 1');
    expect(shlibsKey('libfoo.so.1.2')).toBe('libfoo 1.2');
    expect(shlibsKey('libdb-5.3.so')).toBe('libdb 5.3');
    expect(shlibsKey('ld-linux-x86-64.so.2')).toBe('ld-linux-x86-64 2');
    expect(shlibsKey('libplain.so')).toBeUndefined();
    expect([...parseShlibs('# c\nlibz 1 zlib1g (>= 1:1.2.3.3.dfsg-1)\nudeb: libz 1 zlib1g-udeb\n\nlibz 1 later\n')]).toEqual([['libz 1', 'zlib1g (>= 1:1.2.3.3.dfsg-1)']]);
    // A line typed for .debs beats an untyped one, wherever it is.
    expect([...parseShlibs('libq 2 libq2\ndeb: libq 2 libq2 (>= 2.1)\nlibq 2 other\n')]).toEqual([['libq 2', 'libq2 (>= 2.1)']]);
  });
});

describe('versionedDepends: what dpkg-shlibdeps computes', () => {
  it('takes the highest minimum version of the symbols used, and the shlibs entry for a library with no symbols file', () => {
    const used = new Map([['libfoo.so.1 libbar.so.2', new Set(['foo_a@Base', 'foo_b@FOO_1.2', 'bar@Base', 'printf@GLIBC_2.2.5'])]]);
    expect(versionedDepends(owners, used, info())).toEqual({
      depends: ['libbar2 (>= 2.4)', 'libfoo1 (>= 1.2~rc1)'],
      source: {'libfoo.so.1': 'symbols', 'libbar.so.2': 'shlibs'},
    });
    // An epoch orders above any version without one.
    const more = new Map([...used, ['libfoo.so.1', new Set(['foo_c@FOO_1.4', 'foo_x@FOO_2.0'])]]);
    expect(versionedDepends(owners, more, info()).depends).toContain('libfoo1 (>= 1:1.4)');
  });

  it('falls back to the smallest version of the symbols file when no symbol of the library is used', () => {
    expect(versionedDepends(new Map([['libfoo-extra.so.1', 'libfoo1']]), new Map(), info()).depends).toEqual(['libfoo-extra1 (>= 0.5)']);
    expect(versionedDepends(new Map([['libfoo.so.1', 'libfoo1']]), new Map([['libfoo.so.1', new Set(['unknown@Base'])]]), info()).depends).toEqual(['libfoo1 (>= 1.0)']);
    // A minimum of 0 is none.
    const zero = {symbols: new Map([['libz0', parseSymbols('libz.so.0 libz0 #MINVER#\n z@Base 0\n')]]), shlibs: new Map()};
    expect(versionedDepends(new Map([['libz.so.0', 'libz0']]), new Map([['libz.so.0', new Set(['z@Base'])]]), zero).depends).toEqual(['libz0']);
  });

  it('uses the alternative template a symbol names, merged with the main one as dpkg simplifies', () => {
    const used = new Map([['libfoo.so.1', new Set(['foo_a@Base', 'foo_private@FOO_PRIVATE'])]]);
    expect(versionedDepends(new Map([['libfoo.so.1', 'libfoo1']]), used, info()).depends).toEqual(['libfoo1 (>> 2.0)', 'libfoo1 (<< 2.1)']);
  });

  it('looks a symbol up in the libraries of the file that uses it, in DT_NEEDED order', () => {
    const two = parseSymbols('liba.so.1 liba1 #MINVER#\n same@Base 1\nlibb.so.1 libb1 #MINVER#\n same@Base 5\n only_b@Base 3\n');
    const twoOwners = new Map([
      ['liba.so.1', 'ab'],
      ['libb.so.1', 'ab'],
    ]);
    const data: LibraryInfo = {symbols: new Map([['ab', two]]), shlibs: new Map()};
    expect(versionedDepends(twoOwners, new Map([['liba.so.1 libb.so.1', new Set(['same@Base'])]]), data).depends).toEqual(['liba1 (>= 1)', 'libb1 (>= 3)']);
    expect(versionedDepends(twoOwners, new Map([['libb.so.1 liba.so.1', new Set(['same@Base'])]]), data).depends).toEqual(['liba1 (>= 1)', 'libb1 (>= 5)']);
  });

  it('takes shlibs.override first and shlibs.default last, and the bare package when nothing says more', () => {
    const override = parseShlibs('libbar 2 libbar2 (>= 9)\n');
    const fallback = parseShlibs('libbaz 0 libbaz0 (>= 0.1)\nlibbar 2 never\n');
    const all = new Map([...owners, ['libbaz.so.0', 'libbaz0'], ['libqux.so.7', 'libqux7']]);
    const r = versionedDepends(all, new Map(), info({override, fallback}));
    expect(r.depends).toEqual(['libbar2 (>= 9)', 'libbaz0 (>= 0.1)', 'libfoo1 (>= 1.0)', 'libqux7']);
    expect(r.source['libqux.so.7']).toBe('none');
  });

  it('merges relations on one package, keeping the highest minimum', () => {
    expect(mergeByPackage(['zlib1g (>= 1:1.2.0)', 'libc6 (>= 2.14)', 'libc6 (>= 2.34)', 'libc6', 'zlib1g (>= 1:1.1.4)'])).toEqual(['libc6 (>= 2.34)', 'zlib1g (>= 1:1.2.0)']);
    expect(mergeByPackage(['a (>= 1)', 'a (>> 1)', 'a (<< 3)', 'a (<= 2)'])).toEqual(['a (>> 1)', 'a (<= 2)']);
    expect(mergeByPackage(['b', 'b'])).toEqual(['b']);
  });

  it('parses the info script\'s output, each file under its marker line', () => {
    const out = `\x1e symbols libfoo1\n${LIBFOO}\n\x1e shlibs libbar2\nlibbar 2 libbar2 (>= 2.4)\n\n\x1e default -\nlibz 1 zlib1g\n`;
    const parsed = parseLibraryInfo(out);
    expect([...parsed.symbols.get('libfoo1')!.keys()]).toEqual(['libfoo.so.1', 'libfoo-extra.so.1']);
    expect([...parsed.shlibs.get('libbar2')!]).toEqual([['libbar 2', 'libbar2 (>= 2.4)']]);
    expect(parsed.fallback?.get('libz 1')).toBe('zlib1g');
    expect(parsed.override).toBeUndefined();
  });
});

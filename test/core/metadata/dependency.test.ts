import {debRelation, parseDependency, rpmFlags, RPMSENSE} from '../../../src/core/metadata/dependency.js';

describe('dependencies', () => {
  it.each([
    ['libpq5', 'libpq5'],
    ['libssl3 (>= 3.0)', 'libssl3 (>= 3.0)'],
    ['libssl3 >= 3.0', 'libssl3 (>= 3.0)'],
    ['foo < 2', 'foo (<< 2)'],
    ['foo (>> 1:2.0-1)', 'foo (>> 1:2.0-1)'],
    ['foo = 1.0', 'foo (= 1.0)'],
  ])('%s is %s in deb syntax', (input, deb) => {
    expect(debRelation(parseDependency(input))).toBe(deb);
  });

  it('reads an rpm capability with its argument as one name', () => {
    expect(parseDependency('python(abi) = 3.11')).toEqual({name: 'python(abi)', op: '=', version: '3.11'});
    expect(parseDependency('perl(Foo::Bar)')).toEqual({name: 'perl(Foo::Bar)'});
    expect(parseDependency('libc.so.6()(64bit)')).toEqual({name: 'libc.so.6()(64bit)'});
    expect(parseDependency('libc.so.6(GLIBC_2.34)(64bit)')).toEqual({name: 'libc.so.6(GLIBC_2.34)(64bit)'});
    expect(parseDependency('rtld(GNU_HASH)')).toEqual({name: 'rtld(GNU_HASH)'});
    expect(parseDependency('foo (>= 1)')).toEqual({name: 'foo', op: '>=', version: '1'});
  });

  it('gives rpm flags', () => {
    expect(rpmFlags(parseDependency('a >= 1'))).toBe(RPMSENSE.GREATER | RPMSENSE.EQUAL);
    expect(rpmFlags(parseDependency('a (<< 1)'))).toBe(RPMSENSE.LESS);
    expect(rpmFlags(parseDependency('a'))).toBe(0);
  });

  it.each(['', 'a (>= )', 'a => 1', 'a b c'])('rejects %j with a hint', (text) => {
    expect(() => parseDependency(text)).toThrow(/not a dependency.*name \(>= 1.0\)/);
  });
});

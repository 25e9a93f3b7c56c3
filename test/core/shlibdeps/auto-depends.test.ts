import {describe, expect, it} from 'vitest';
import {needsLibraryOwners, rpmLibraryRequires} from '../../../src/core/shlibdeps/auto-depends.js';
import {elfFactsOf} from '../../helpers/shlibdeps.js';

describe('library dependencies per format', () => {
  it('looks the owning packages up only for a .deb', () => {
    expect(needsLibraryOwners('deb')).toBe(true);
    expect(needsLibraryOwners('rpm')).toBe(false);
  });

  it('gives an .rpm the capabilities of its ELF files, sorted, without those of a library the tree ships', () => {
    // ls needs libselinux.so.1 and libc.so.6; with libselinux.so.1 in the tree only libc's and rtld's stay
    // (the shipped library, mode 0644 here, adds none: rpm reads only files with an execute bit).
    const facts = elfFactsOf(['/usr/bin/ls', '/usr/lib/x86_64-linux-gnu/libselinux.so.1']);
    const requires = rpmLibraryRequires(facts);
    expect(requires).toEqual([...requires].sort());
    expect(requires).toContain('libc.so.6()(64bit)');
    expect(requires).toContain('libc.so.6(GLIBC_2.34)(64bit)');
    expect(requires).toContain('rtld(GNU_HASH)');
    expect(requires.filter((r) => r.startsWith('libselinux'))).toEqual([]);
    expect(rpmLibraryRequires(elfFactsOf(['/usr/bin/ls']))).toContain('libselinux.so.1(LIBSELINUX_1.0)(64bit)');
  });
});

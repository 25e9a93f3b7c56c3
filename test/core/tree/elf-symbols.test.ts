import {closeSync, existsSync, openSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {elfdepsRequires, readElf} from '../../../src/core/tree/elf.js';
import {engineSkipReason} from '../../helpers/engines.js';

// Real ELF files of the host: executables, libraries with and without symbol versions, an extension module.
const LIBDIR = '/usr/lib/x86_64-linux-gnu';
const candidates = [
  '/usr/bin/ls',
  '/usr/bin/python3',
  '/usr/bin/dpkg',
  join(LIBDIR, 'libssl.so.3'),
  join(LIBDIR, 'libz.so.1'),
  join(LIBDIR, 'libstdc++.so.6'),
  ...readdirSync('/usr/lib/python3/dist-packages')
    .filter((f) => f.endsWith('-linux-gnu.so'))
    .slice(0, 2)
    .map((f) => join('/usr/lib/python3/dist-packages', f)),
];
const files = candidates.filter((f) => existsSync(f));
const noElfdeps = await engineSkipReason("rpm's elfdeps", ['test', '-x', '/usr/lib/rpm/elfdeps']);

function read(path: string) {
  const fd = openSync(path, 'r');
  try {
    return readElf(fd, 0, statSync(path).size)!;
  } finally {
    closeSync(fd);
  }
}

/** objdump -T's undefined symbols as `name@VERSION` / `name@Base`. */
async function objdumpUndefined(path: string): Promise<string[]> {
  const {stdout} = await execa('objdump', ['-T', path]);
  const out: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /\*UND\*\s+[0-9a-f]+\s+(?:\(([^)]+)\)|(\S+))\s+(\S+)$/.exec(line);
    if (m) out.push(`${m[3]}@${m[1] ?? m[2]}`);
  }
  return out;
}

describe('readElf: symbols and versions', () => {
  it('reads real host files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s: the undefined dynamic symbols are those objdump -T lists, with their versions', async (path) => {
    const elf = read(path);
    expect(elf.linked).toBe(true);
    expect(elf.is64).toBe(true);
    expect(elf.undefined.length).toBeGreaterThan(0);
    expect([...elf.undefined].sort()).toEqual((await objdumpUndefined(path)).sort());
  });

  it.skipIf(noElfdeps)('elfdepsRequires says what rpm\'s elfdeps --requires says, executable or not', async () => {
    for (const path of files) {
      const {stdout} = await execa('/usr/lib/rpm/elfdeps', ['--requires'], {input: `${path}\n`});
      expect(elfdepsRequires(read(path), true), path).toEqual(stdout.split('\n').filter(Boolean));
      expect(elfdepsRequires(read(path), false)).toEqual([]);
    }
  });

  it('reads the version needs in .gnu.version_r order, with the library that defines each', () => {
    const ls = read('/usr/bin/ls');
    expect(ls.versionsNeeded).toContainEqual(['libc.so.6', 'GLIBC_2.2.5']);
    expect(ls.versionsNeeded.map(([soname]) => soname)).toEqual(expect.arrayContaining(ls.needed.filter((n) => n.startsWith('libc.'))));
    expect(ls.gnuHashOnly).toBe(true);
  });

  it('has no symbols for an object file that is not linked', async () => {
    // A relocatable object: not an executable or shared object, so no generator reads it.
    const dir = (await execa('mktemp', ['-d'])).stdout;
    try {
      await execa('cc', ['-c', '-x', 'c', '-o', join(dir, 'a.o'), '-'], {input: 'int f(void) { return 1; }\n'});
      const elf = read(join(dir, 'a.o'));
      expect(elf.linked).toBe(false);
      expect(elfdepsRequires(elf, true)).toEqual([]);
    } finally {
      await execa('rm', ['-rf', dir]);
    }
  });
});

import {readSync} from 'node:fs';
import {ExitCode, VdistError} from '../errors.js';

/** What an ELF file says about its dependencies and machine. */
export interface ElfInfo {
  /** deb-style architecture, or undefined for machines vdist does not map. */
  architecture?: string;
  needed: string[];
  soname?: string;
}

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const SHT_DYNAMIC = 6;
const DT_NEEDED = 1;
const DT_SONAME = 14;

/** e_machine (and, where it matters, the byte order) to Debian architecture names. */
function debArchitecture(machine: number, is64: boolean, littleEndian: boolean): string | undefined {
  switch (machine) {
    case 3: return 'i386';
    case 62: return 'amd64';
    case 183: return 'arm64';
    case 40: return 'armhf';
    case 21: return littleEndian ? 'ppc64el' : 'ppc64';
    case 22: return 's390x';
    case 243: return is64 ? 'riscv64' : undefined;
    case 258: return 'loong64';
    default: return undefined;
  }
}

/**
 * Reads DT_NEEDED / DT_SONAME and e_machine from an ELF file stored at
 * `base` in the open file `fd`, with positional reads only (the file may be
 * a scratch copy). Synchronous: it reads a few small parts of a file just
 * written, from the page cache. Returns undefined when the bytes are not a
 * usable ELF file.
 */
export function readElf(fd: number, base: number, size: number): ElfInfo | undefined {
  const read = (offset: number, length: number): Buffer | undefined => {
    if (offset < 0 || length < 0 || offset + length > size) return undefined;
    const buf = Buffer.alloc(length);
    return readSync(fd, buf, 0, length, base + offset) === length ? buf : undefined;
  };
  const ident = read(0, 64);
  if (!ident || !ident.subarray(0, 4).equals(ELF_MAGIC)) return undefined;
  const is64 = ident[4] === 2;
  const le = ident[5] === 1;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const addr = (b: Buffer, o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
  const info: ElfInfo = {architecture: debArchitecture(u16(ident, 18), is64, le), needed: []};

  const shoff = addr(ident, is64 ? 0x28 : 0x20);
  const shentsize = u16(ident, is64 ? 0x3a : 0x2e);
  const shnum = u16(ident, is64 ? 0x3c : 0x30);
  if (shoff === 0 || shnum === 0 || shnum > 4096) return info;
  const table = read(shoff, shentsize * shnum);
  if (!table) return info;
  const section = (i: number) => {
    const o = i * shentsize;
    return {
      type: u32(table, o + 4),
      offset: addr(table, o + (is64 ? 0x18 : 0x10)),
      size: addr(table, o + (is64 ? 0x20 : 0x14)),
      link: u32(table, o + (is64 ? 0x28 : 0x18)),
    };
  };
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== SHT_DYNAMIC || dyn.link >= shnum) continue;
    const strtab = section(dyn.link);
    const entries = read(dyn.offset, dyn.size);
    const strings = read(strtab.offset, strtab.size);
    if (!entries || !strings) return info;
    const str = (o: number) => {
      const end = strings.indexOf(0, o);
      return strings.toString('utf8', o, end < 0 ? strings.length : end);
    };
    const step = is64 ? 16 : 8;
    for (let o = 0; o + step <= entries.length; o += step) {
      const tag = addr(entries, o);
      const val = addr(entries, o + step / 2);
      if (tag === 0) break;
      if (tag === DT_NEEDED && val < strings.length) info.needed.push(str(val));
      if (tag === DT_SONAME && val < strings.length) info.soname = str(val);
    }
    break;
  }
  return info;
}

/**
 * A package is for one architecture: every ELF file in it must be built for
 * that one. Throws naming the files of any other (an x86-64 `.so` in an arm64
 * package would fail to load on the target), and the architectures found.
 * `exit`: a build's tree fails the build (1); a tree given to `vdist package`
 * with an --arch it contradicts is bad input (2).
 */
export function checkElfArchitecture(elfPaths: ReadonlyMap<string, readonly string[]> | undefined, arch: string, exit: ExitCode = ExitCode.buildFailed): void {
  const foreign = [...(elfPaths ?? [])].filter(([a]) => a !== arch);
  if (foreign.length === 0) return;
  const list = foreign.map(([a, paths]) => `${a}: ${paths.join(', ')}`).join('; ');
  throw new VdistError(`the package is for ${arch}, but it holds ELF files built for another architecture (${list})`, {
    code: 'ELF_ARCH',
    exit,
    suggestions: [
      'Build those files in the build container (pip install --no-binary PACKAGE) instead of copying prebuilt ones',
      'Or leave them out of the package: fpm_args = ["--exclude", "PATTERN"]',
    ],
  });
}

import {readSync} from 'node:fs';
import {ExitCode, VdistError} from '../errors.js';
import type {TreeFacts} from './tree-entry.js';

/** What an ELF file says about its dependencies and machine. */
export interface ElfInfo {
  /** deb-style architecture, or undefined for machines vdist does not map. */
  architecture?: string;
  /** An executable or shared object (e_type ET_EXEC or ET_DYN): the only kinds the dependency generators read. */
  linked: boolean;
  /** ELFCLASS64. */
  is64: boolean;
  needed: string[];
  soname?: string;
  /**
   * The undefined dynamic symbols, each as `name@VERSION` (the version it
   * was linked against, from .gnu.version and .gnu.version_r) or
   * `name@Base` when unversioned: the keys of deb-symbols(5) files.
   */
  undefined: string[];
  /** The symbol versions it needs, `[soname, version]` in .gnu.version_r order. */
  versionsNeeded: [string, string][];
  /** DT_GNU_HASH without DT_HASH: rpm's generator asks for `rtld(GNU_HASH)`. */
  gnuHashOnly: boolean;
}

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const SHT_DYNAMIC = 6;
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const DT_NEEDED = 1;
const DT_HASH = 4;
const DT_SONAME = 14;
const DT_GNU_HASH = 0x6ffffef5;
const ET_EXEC = 2;
const ET_DYN = 3;
/** .gnu.version's "hidden" bit; the rest is the version index (0 local, 1 global: no version). */
const VERSYM_HIDDEN = 0x8000;

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
 * Reads what the dependency generators need from an ELF file stored at
 * `base` in the open file `fd`: e_machine and e_type, DT_NEEDED, DT_SONAME,
 * the hash sections, and the undefined dynamic symbols with their versions.
 * Positional reads only (the file may be a scratch copy). Synchronous: it
 * reads a few small parts of a file just written, from the page cache.
 * Returns undefined when the bytes are not a usable ELF file.
 */
export function readElf(fd: number, base: number, size: number): ElfInfo | undefined {
  const read = (offset: number, length: number): Buffer | undefined => {
    if (offset < 0 || length < 0 || offset + length > size) return undefined;
    const buf = Buffer.allocUnsafe(length);
    return readSync(fd, buf, 0, length, base + offset) === length ? buf : undefined;
  };
  const ident = read(0, Math.min(64, size));
  if (!ident || ident.length < 52 || !ident.subarray(0, 4).equals(ELF_MAGIC)) return undefined;
  const is64 = ident[4] === 2;
  if (is64 && ident.length < 64) return undefined;
  const le = ident[5] === 1;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const addr = (b: Buffer, o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
  const type = u16(ident, 16);
  const info: ElfInfo = {
    architecture: debArchitecture(u16(ident, 18), is64, le),
    linked: type === ET_EXEC || type === ET_DYN,
    is64,
    needed: [],
    undefined: [],
    versionsNeeded: [],
    gnuHashOnly: false,
  };

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
      info: u32(table, o + (is64 ? 0x2c : 0x1c)),
    };
  };
  /** A section's bytes and its linked string table's, or undefined when either lies outside the file. */
  const withStrings = (i: number) => {
    const s = section(i);
    if (s.link >= shnum) return undefined;
    const t = section(s.link);
    const bytes = read(s.offset, s.size);
    const strings = read(t.offset, t.size);
    return bytes && strings ? {section: s, bytes, strings} : undefined;
  };
  const str = (strings: Buffer, o: number) => {
    if (o >= strings.length) return '';
    const end = strings.indexOf(0, o);
    return strings.toString('latin1', o, end < 0 ? strings.length : end);
  };
  let dynsym = -1;
  let versym = -1;
  let verneed = -1;
  for (let i = 0; i < shnum; i++) {
    const t = u32(table, i * shentsize + 4);
    if (t === SHT_DYNSYM) dynsym = i;
    else if (t === SHT_GNU_VERSYM) versym = i;
    else if (t === SHT_GNU_VERNEED) verneed = i;
    else if (t === SHT_DYNAMIC) readDynamic(i);
  }
  // Version index -> name, from the .gnu.version_r entries (vna_other is the index .gnu.version uses).
  const versionNames = new Map<number, string>();
  const need = verneed >= 0 ? withStrings(verneed) : undefined;
  if (need) {
    for (let n = 0, o = 0; n < need.section.info && o + 16 <= need.bytes.length; n++) {
      const file = str(need.strings, u32(need.bytes, o + 4));
      for (let k = 0, a = o + u32(need.bytes, o + 8), count = u16(need.bytes, o + 2); k < count && a + 16 <= need.bytes.length; k++) {
        const name = str(need.strings, u32(need.bytes, a + 8));
        versionNames.set(u16(need.bytes, a + 6) & ~VERSYM_HIDDEN, name);
        info.versionsNeeded.push([file, name]);
        const next = u32(need.bytes, a + 12);
        if (next === 0) break;
        a += next;
      }
      const next = u32(need.bytes, o + 12);
      if (next === 0) break;
      o += next;
    }
  }
  const syms = dynsym >= 0 ? withStrings(dynsym) : undefined;
  if (syms) {
    const versions = versym >= 0 ? read(section(versym).offset, section(versym).size) : undefined;
    const step = is64 ? 24 : 16;
    const shndxAt = is64 ? 6 : 14;
    // Entry 0 is the null symbol.
    for (let k = 1, o = step; o + step <= syms.bytes.length; k++, o += step) {
      if (u16(syms.bytes, o + shndxAt) !== 0) continue; // defined here
      const name = str(syms.strings, u32(syms.bytes, o));
      if (name === '') continue;
      const index = versions && 2 * k + 2 <= versions.length ? u16(versions, 2 * k) & ~VERSYM_HIDDEN : 0;
      info.undefined.push(`${name}@${versionNames.get(index) ?? 'Base'}`);
    }
  }
  return info;

  function readDynamic(i: number): void {
    const dyn = withStrings(i);
    if (!dyn) return;
    const step = is64 ? 16 : 8;
    let hash = false;
    let gnuHash = false;
    for (let o = 0; o + step <= dyn.bytes.length; o += step) {
      const tag = addr(dyn.bytes, o);
      const val = addr(dyn.bytes, o + step / 2);
      if (tag === 0) break;
      if (tag === DT_NEEDED && val < dyn.strings.length) info.needed.push(str(dyn.strings, val));
      else if (tag === DT_SONAME && val < dyn.strings.length) info.soname = str(dyn.strings, val);
      else if (tag === DT_HASH) hash = true;
      else if (tag === DT_GNU_HASH) gnuHash = true;
    }
    info.gnuHashOnly = gnuHash && !hash;
  }
}

/**
 * What rpm's ELF dependency generator (elfdeps --requires, rpm 4.18) says
 * a file requires: for an executable or shared object with an execute bit,
 * `soname(VERSION)` per needed symbol version, `soname()` per DT_NEEDED,
 * both marked `(64bit)` for 64-bit objects, and `rtld(GNU_HASH)` when it has
 * only the GNU hash table. A 32-bit DT_NEEDED is the bare soname.
 */
export function elfdepsRequires(elf: ElfInfo, executable: boolean): string[] {
  if (!elf.linked || !executable) return [];
  const marker = elf.is64 ? '(64bit)' : '';
  const out = elf.versionsNeeded.map(([soname, version]) => `${soname}(${version})${marker}`);
  for (const soname of elf.needed) out.push(marker ? `${soname}()${marker}` : soname);
  if (elf.gnuHashOnly) out.push('rtld(GNU_HASH)');
  return out;
}

/**
 * Adds one ELF file's dependency facts to the tree's: what it needs and
 * provides, the symbols it uses (grouped by its NEEDED list) and what rpm's
 * generator says it requires (`executable`: it has an execute bit).
 */
export function addElfFacts(facts: Pick<TreeFacts, 'needed' | 'provided' | 'symbols' | 'elfRequires'>, elf: ElfInfo, path: string, executable: boolean): void {
  for (const n of elf.needed) facts.needed.add(n);
  if (elf.soname) facts.provided.add(elf.soname);
  facts.provided.add(path.slice(path.lastIndexOf('/') + 1));
  if (elf.linked && elf.undefined.length > 0) {
    const key = elf.needed.join(' ');
    const used = (facts.symbols ??= new Map()).get(key);
    if (used) for (const symbol of elf.undefined) used.add(symbol);
    else facts.symbols.set(key, new Set(elf.undefined));
  }
  for (const requirement of elfdepsRequires(elf, executable)) (facts.elfRequires ??= new Set()).add(requirement);
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

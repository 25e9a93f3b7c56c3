import {closeSync, openSync, statSync} from 'node:fs';
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {addElfFacts, readElf} from '../../src/core/tree/elf.js';
import type {TreeFacts} from '../../src/core/packagers/packager.js';
import {parseDependency} from '../../src/core/metadata/dependency.js';

/** The tree facts of ELF files on this machine, as the tree stream gathers them. */
export function elfFactsOf(paths: readonly string[]): TreeFacts {
  const facts: TreeFacts = {needed: new Set(), provided: new Set(), fileCount: paths.length, installedSize: 0};
  for (const path of paths) {
    const fd = openSync(path, 'r');
    try {
      const st = statSync(path);
      const elf = readElf(fd, 0, st.size);
      if (elf) addElfFacts(facts, elf, path, (st.mode & 0o111) !== 0);
    } finally {
      closeSync(fd);
    }
  }
  return facts;
}

/** A `shlibs:Depends=...` line (dpkg-shlibdeps -O) as a sorted list of relations. */
export function parseShlibsDepends(output: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith('shlibs:Depends='));
  if (line === undefined) throw new Error(`no shlibs:Depends line in:\n${output}`);
  return line.slice('shlibs:Depends='.length).split(',').map((d) => d.trim()).filter(Boolean).sort();
}

/** Whether a relation names a package that ships a shared library, not one vdist adds for another reason (python3). */
export const isLibraryRelation = (relation: string) => !/^python3(\.\d+)?$/.test(parseDependency(relation).name);

/** The shell lines that run dpkg-shlibdeps on FILES... from a scratch directory with the control file it wants. */
export const DPKG_SHLIBDEPS_SH = String.raw`d=$(mktemp -d) && mkdir "$d/debian" && printf 'Source: x\n\nPackage: x\nArchitecture: any\n' > "$d/debian/control" && cd "$d" && dpkg-shlibdeps -O $(printf -- '-e%s ' "$@")`;

/** Runs dpkg-shlibdeps on files of this machine. */
export async function hostShlibdeps(paths: readonly string[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-shlibdeps-'));
  try {
    await mkdir(join(dir, 'debian'));
    await writeFile(join(dir, 'debian/control'), 'Source: x\n\nPackage: x\nArchitecture: any\n');
    const {stdout} = await execa('dpkg-shlibdeps', ['-O', ...paths.map((p) => `-e${p}`)], {cwd: dir});
    return parseShlibsDepends(stdout);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

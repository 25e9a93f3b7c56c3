import {mkdir, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {Signer} from '../signing/gpg.js';
import {packagesFile, releaseFile, type IndexFile, type PoolDeb} from './apt.js';
import {gzipIndex, xzIndex} from './compress-index.js';
import {replaceGeneration} from './swap.js';
import {compareDebVersions} from './versions.js';

export interface AptSuiteOptions {
  suite: string;
  component: string;
  arches?: string[];
  name: string;
  signer: Signer;
  date: Date;
}

/**
 * Writes dists/{suite}: Packages (plain, .gz, .xz) per architecture, the
 * Release with their hashes, InRelease (clearsigned) and Release.gpg
 * (detached), as one new generation. Returns the architectures.
 */
export async function writeAptSuite(distsDir: string, debs: readonly PoolDeb[], o: AptSuiteOptions): Promise<string[]> {
  const archOf = (d: PoolDeb) => d.control.get('Architecture')!;
  const named = new Set([...(o.arches ?? []), ...debs.map(archOf).filter((a) => a !== 'all')]);
  const arches = [...(named.size > 0 ? named : new Set(['amd64', 'arm64']))].sort();
  const sorted = [...debs].sort((a, b) => a.control.get('Package')!.localeCompare(b.control.get('Package')!) || compareDebVersions(a.control.get('Version')!, b.control.get('Version')!));
  const files: IndexFile[] = [];
  for (const arch of arches) {
    const text = Buffer.from(packagesFile(sorted.filter((d) => archOf(d) === arch || archOf(d) === 'all')));
    const base = `${o.component}/binary-${arch}/Packages`;
    files.push({path: base, data: text}, {path: `${base}.gz`, data: gzipIndex(text)});
    const xz = await xzIndex(text);
    if (xz) files.push({path: `${base}.xz`, data: xz});
  }
  const release = Buffer.from(
    releaseFile({origin: o.name, label: o.name, suite: o.suite, codename: o.suite, architectures: arches, components: [o.component], description: `${o.name} packages`, date: o.date}, files),
  );
  const inRelease = await o.signer.sign(release, 'clearsign');
  const detached = await o.signer.sign(release, 'armored');
  await replaceGeneration(join(distsDir, o.suite), async (dir) => {
    for (const f of files) {
      await mkdir(dirname(join(dir, f.path)), {recursive: true});
      await writeFile(join(dir, f.path), f.data);
    }
    await writeFile(join(dir, 'Release'), release);
    await writeFile(join(dir, 'InRelease'), inRelease);
    await writeFile(join(dir, 'Release.gpg'), detached);
  });
  return arches;
}


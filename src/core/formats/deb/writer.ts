import {createReadStream, createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {basename, join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {AR_MAGIC, arHeader, arPadding} from './ar.js';
import {SUFFIX} from '../../archive/compress.js';
import {compressTree} from '../../tree/compress-tree.js';
import {gzipReproducible} from '../../metadata/changelog.js';
import {debControl, debVersion} from './control.js';
import type {NativePackager, PackageMetadata, TreeEntry} from '../../packagers/packager.js';
import {debMaintainerScripts} from '../../metadata/scripts.js';
import {DataTarEncoder, memoryTar} from '../../tree/tar-writer.js';
import {unownedParents} from '../../tree/shared-directories.js';

/** dpkg's Installed-Size: KiB, each file rounded up, one per directory or symlink. */
export function installedSizeKiB(entries: readonly TreeEntry[]): number {
  let kib = 0;
  const counted = new Set<number>();
  for (const e of entries) {
    if (e.type !== 'file') kib += 1;
    else if (e.linkGroup === 0 || !counted.has(e.linkGroup)) {
      counted.add(e.linkGroup);
      kib += Math.ceil(e.size / 1024);
    }
  }
  return kib;
}

/** The control.tar members: control, md5sums, conffiles, maintainer scripts. */
export function controlMembers(meta: PackageMetadata, entries: readonly TreeEntry[]): {name: string; mode: number; text: string}[] {
  const files = entries.filter((e) => e.type === 'file');
  const members = [{name: 'control', mode: 0o644, text: debControl(meta, installedSizeKiB(entries))}];
  if (files.length > 0) members.push({name: 'md5sums', mode: 0o644, text: files.map((e) => `${e.md5}  ${e.path.slice(1)}\n`).join('')});
  const conffiles = meta.config_files.filter((p) => files.some((e) => e.path === p));
  if (conffiles.length > 0) members.push({name: 'conffiles', mode: 0o644, text: conffiles.map((p) => `${p}\n`).join('')});
  for (const [name, text] of Object.entries(debMaintainerScripts(meta.scripts, meta.systemd_units, unownedParents(entries)))) members.push({name, mode: 0o755, text});
  return members.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Writes .deb files: an ar archive of debian-binary, control.tar.gz and data.tar.{gz,xz,zst}. */
export const debPackager: NativePackager = {
  kind: 'native',
  format: 'deb',
  linksNeedSpool: false,
  fileName(meta) {
    const version = debVersion({...meta, epoch: undefined});
    return `${meta.name}_${version}_${meta.architecture}.deb`;
  },
  async writeData(tree, options, workDir) {
    const entries: TreeEntry[] = [];
    const file = join(workDir, `data.tar.${SUFFIX[options.compression.algorithm]}`);
    const compressed = await compressTree(tree, (out) => new DataTarEncoder(out, options.source_date_epoch, entries), options.compression, file);
    return {file, compressed, entries};
  },
  async finish(meta, data, outFile) {
    try {
      const control = gzipReproducible(memoryTar(controlMembers(meta, data.entries), meta.source_date_epoch));
      const mtime = meta.source_date_epoch;
      const binary = Buffer.from('2.0\n', 'latin1');
      // One pipeline from the first byte to the close: every write error (a full disk) rejects it, none is left to an unheard 'error' event.
      async function* members(): AsyncGenerator<Buffer> {
        yield AR_MAGIC;
        for (const [name, body] of [['debian-binary', binary], ['control.tar.gz', control]] as const) {
          yield arHeader(name, body.length, mtime);
          yield body;
          yield arPadding(body.length);
        }
        yield arHeader(basename(data.file), data.compressed.size, mtime);
        yield* createReadStream(data.file) as AsyncIterable<Buffer>;
        yield arPadding(data.compressed.size);
      }
      await pipeline(members, createWriteStream(outFile));
    } catch (error) {
      await rm(outFile, {force: true});
      throw error;
    }
  },
};

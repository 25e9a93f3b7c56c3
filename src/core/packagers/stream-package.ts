import {mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {trackTemporary} from '../output-file.js';
import {PassThrough, type Writable} from 'node:stream';
import type {DataOptions, DataPart, NativePackager, PackageMetadata, TreeFacts} from './packager.js';
import {HardLinksFound, TreeReader} from '../tree/tree-stream.js';

/**
 * Writes an install tree as a tar, in tree order (GNU `tar --sort=name`),
 * into `sink` and resolves once the producer is done. It may be called a
 * second time when the tree holds hard links the first pass could not place.
 */
export type TarSource = (sink: Writable) => Promise<unknown>;

/** A package whose data part is written: finish it once the metadata is complete, or dispose of it. */
export interface StreamedPackage {
  readonly facts: TreeFacts;
  /** Writes the package file and removes the temp files. */
  finish(meta: PackageMetadata, outFile: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The single pass: the tree streams from `source` through the reader into
 * the writer's compressor, with digests and ELF facts taken on the way.
 * Only the control part (or the rpm header) waits, for `finish`. A tree
 * whose hard links need content that already went by is read once more,
 * with the linked paths known.
 */
export async function streamPackage(packager: NativePackager, source: TarSource, options: DataOptions, tmpDir: string): Promise<StreamedPackage> {
  const work = await mkdtemp(join(tmpDir, `.vdist-${packager.format}-${process.pid}-`));
  const untrack = trackTemporary(work);
  const dispose = () => rm(work, {recursive: true, force: true}).finally(untrack);
  try {
    let linked: ReadonlySet<string> | undefined;
    for (;;) {
      try {
        const {data, facts} = await onePass(packager, source, options, work, linked);
        return {facts, finish: (meta, outFile) => packager.finish(meta, data, outFile).finally(dispose), dispose};
      } catch (error) {
        if (!(error instanceof HardLinksFound) || linked) throw error;
        linked = error.linked;
      }
    }
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function onePass(packager: NativePackager, source: TarSource, options: DataOptions, work: string, linked?: ReadonlySet<string>) {
  const tar = new PassThrough({highWaterMark: 1 << 20});
  const reader = new TreeReader(tar, {excludes: options.excludes, sourceDateEpoch: options.source_date_epoch, workDir: work, linked, linksNeedSpool: packager.linksNeedSpool, extraFiles: options.doc_files});
  const writing: Promise<DataPart> = packager.writeData(reader, options, work);
  // A failed writer must not leave the producer blocked on a full pipe.
  writing.catch(() => tar.resume());
  // A failed producer may leave the stream open: end it, so the reader stops too.
  const producing = source(tar).catch((error: unknown) => {
    tar.destroy(error as Error);
    throw error;
  });
  const [produced, written] = await Promise.allSettled([producing, writing]);
  await reader.close();
  if (written.status === 'rejected' && written.reason instanceof HardLinksFound) throw written.reason;
  if (produced.status === 'rejected') throw produced.reason;
  if (written.status === 'rejected') throw written.reason;
  return {data: written.value, facts: reader.facts};
}

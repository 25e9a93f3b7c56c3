import {CoalescingOutput} from '../archive/coalescing-output.js';
import {compressToFile, type CompressedFile, type Compression} from '../archive/compress.js';
import type {TreeReader, TreeSink} from './tree-stream.js';

/** A writer's encoder of the data part (a tar, a cpio payload): told the tree, it writes into `out`. */
export interface TreeEncoder extends TreeSink {
  /** After the last entry: what only the whole tree allows (an rpm's hard-link sets), then the trailer. */
  end(): Promise<void> | void;
}

/**
 * The one pass of a data part: the tree is read into `encoder`, whose bytes
 * go through the compressor into `file` as they come. The reader waits
 * whenever the compressor is behind, and stops when it fails (the
 * compressor's error is the one thrown); a failed read stops the compressor.
 */
export async function compressTree(tree: TreeReader, encoder: (out: CoalescingOutput) => TreeEncoder, compression: Compression, file: string, options: {digests?: boolean} = {}): Promise<CompressedFile> {
  const out = new CoalescingOutput();
  // The compressor may fail (a full disk) while the tree is still being read: its outcome is
  // held as a value from the start, so the failure is never an unobserved rejection meanwhile.
  const compressing = compressToFile(out.readable, compression, file, options).then(
    (value) => ({value}),
    (error: unknown) => ({error}),
  );
  const ready = () => {
    if (out.readable.destroyed) throw new Error('the compressor stopped reading');
    return out.ready();
  };
  try {
    const sink = encoder(out);
    await tree.read(sink, ready);
    await sink.end();
    out.end();
  } catch (error) {
    // Destroyed already: the compressor stopped first, and its error says why.
    const compressorFirst = out.readable.destroyed;
    out.readable.destroy();
    const compressed = await compressing;
    throw compressorFirst && 'error' in compressed ? compressed.error : error;
  }
  const compressed = await compressing;
  if ('error' in compressed) throw compressed.error;
  return {...compressed.value, inputSize: out.bytes};
}

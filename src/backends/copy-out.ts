import {PassThrough} from 'node:stream';
import {extractTar, type ExtractResult} from '../core/extract/extract-tar.js';
import type {Backend, Container, RunContext} from './backend.js';

/**
 * Stream `paths` (relative to `dir` in the container) out as a tar on the
 * engine's stdout and extract it safely into `destDir` on the host.
 */
export async function copyOut(
  backend: Backend,
  container: Container,
  dir: string,
  paths: string[],
  destDir: string,
  ctx: RunContext,
): Promise<ExtractResult> {
  const tar = new PassThrough();
  const extracting = extractTar(tar, destDir);
  // Refusing a hostile entry stops extraction; drain the rest so the engine can finish writing.
  extracting.catch(() => tar.resume());
  const running = backend.run(container, ['tar', '-c', '-C', dir, '--', ...paths], {...ctx, stdout: tar});
  const [ran, extracted] = await Promise.allSettled([running, extracting]);
  if (extracted.status === 'rejected') throw extracted.reason;
  if (ran.status === 'rejected') throw ran.reason;
  return extracted.value;
}

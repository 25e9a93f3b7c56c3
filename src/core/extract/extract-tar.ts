import {createWriteStream} from 'node:fs';
import {chmod, link, lstat, mkdir, realpath, symlink, unlink, utimes} from 'node:fs/promises';
import {join, relative, sep} from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import tarStream from 'tar-stream';
import {VdistError} from '../errors.js';
import {normaliseEntryName, shortPath, unsafePathReason, unsafeSymlinkReason} from './entry-path.js';

/** What an extraction wrote, as paths relative to the destination. */
export interface ExtractResult {
  files: string[];
}

/** A result tar held an entry vdist refuses to write. Nothing outside the destination was touched. */
export class UnsafeEntryError extends VdistError {
  constructor(entry: string, why: string) {
    super(`Refused result entry "${shortPath(entry)}": ${why}. Nothing was written outside the output directory.`, {
      code: 'UNSAFE_ENTRY',
      suggestions: ['Check the build script: results must be plain files, directories and links inside the output'],
    });
  }
}

const REFUSED_TYPES = new Set(['character-device', 'block-device', 'fifo']);

/**
 * Extract a tar stream into `destDir`, refusing absolute paths, `..`
 * components, links that point outside, device nodes and fifos (the error
 * names the entry). Never writes through a symlink that leads outside, and
 * never removes anything but a same-named entry it replaces.
 */
export async function extractTar(input: Readable, destDir: string): Promise<ExtractResult> {
  await mkdir(destDir, {recursive: true});
  const root = await realpath(destDir);
  const extract = tarStream.extract();
  const files: string[] = [];
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const {header} = entry;
      const name = normaliseEntryName(header.name);
      const bad = unsafePathReason(header.name) ?? (REFUSED_TYPES.has(header.type ?? '') ? `${header.type} entries are not allowed` : undefined);
      if (bad) throw new UnsafeEntryError(header.name, bad);
      if (name === '') {
        entry.resume();
        continue;
      }
      const badLink = header.type === 'symlink' ? unsafeSymlinkReason(name, header.linkname ?? '') : undefined;
      if (badLink) throw new UnsafeEntryError(header.name, badLink);
      const parent = await ensureDirInside(root, name.split('/').slice(0, -1));
      const target = join(parent, name.split('/').pop()!);
      switch (header.type) {
        case 'directory': {
          await ensureDirInside(root, name.split('/'));
          entry.resume();
          break;
        }
        case 'file':
        case 'contiguous-file': {
          await replaceable(target);
          await pipeline(entry, createWriteStream(target, {mode: (header.mode ?? 0o644) & 0o777}));
          await chmod(target, (header.mode ?? 0o644) & 0o777);
          if (header.mtime) await utimes(target, header.mtime, header.mtime);
          files.push(name);
          break;
        }
        case 'symlink': {
          await replaceable(target);
          await symlink(header.linkname!, target);
          entry.resume();
          files.push(name);
          break;
        }
        case 'link': {
          const linkname = normaliseEntryName(header.linkname ?? '');
          const why = unsafePathReason(header.linkname ?? '');
          if (why || linkname === '') throw new UnsafeEntryError(header.name, `hard link to ${header.linkname}: ${why ?? 'empty target'}`);
          const source = join(await ensureDirInside(root, linkname.split('/').slice(0, -1)), linkname.split('/').pop()!);
          const st = await lstat(source).catch(() => undefined);
          if (!st?.isFile()) throw new UnsafeEntryError(header.name, `hard link to ${header.linkname}, which is not a file extracted before it`);
          await replaceable(target);
          await link(source, target);
          entry.resume();
          files.push(name);
          break;
        }
        default:
          throw new UnsafeEntryError(header.name, `unsupported entry type ${header.type}`);
      }
    }
  } catch (error) {
    extract.destroy();
    input.unpipe(extract);
    throw error;
  }
  return {files};
}

/** mkdir -p `parts` under root, one component at a time, refusing any that resolves outside root. */
async function ensureDirInside(root: string, parts: string[]): Promise<string> {
  let dir = root;
  for (const part of parts) {
    const next = join(dir, part);
    const st = await lstat(next).catch(() => undefined);
    if (!st) await mkdir(next);
    else if (!st.isDirectory()) {
      const real = await realpath(next).catch(() => '');
      const rel = relative(root, real);
      if (!real || rel.startsWith('..') || rel.startsWith(sep)) throw new UnsafeEntryError(join(...parts), `${part} leads outside the output directory`);
      if (!(await lstat(real)).isDirectory()) throw new UnsafeEntryError(join(...parts), `${part} is not a directory`);
    }
    dir = next;
  }
  return dir;
}

/** A same-named earlier entry (file or link) is replaced; a directory is not. */
async function replaceable(target: string): Promise<void> {
  const st = await lstat(target).catch(() => undefined);
  if (!st) return;
  if (st.isDirectory()) throw new UnsafeEntryError(target, 'a directory of that name exists');
  await unlink(target);
}

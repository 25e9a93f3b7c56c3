import {lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile, link, chmod} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import tar from 'tar-stream';
import type {NativePackager, PackageMetadata, TreeFacts} from '../../../src/core/packagers/packager.js';
import {streamPackage, type TarSource} from '../../../src/core/packagers/stream-package.js';

/**
 * Tars a directory the way the build container's `tar -c --sort=name opt/app`
 * does: entry names relative to the tree root, in tree order, hard links as
 * `link` entries. With `under`, only that subtree (its parents left implied).
 */
export async function tarDirectory(root: string, under?: string): Promise<Readable> {
  const pack = tar.pack();
  const seen = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
      const full = join(dir, name);
      const rel = relative(root, full);
      const st = await lstat(full);
      const base = {name: rel, mode: st.mode & 0o7777, mtime: st.mtime, uid: 1000, gid: 1000};
      if (st.isDirectory()) {
        await entry(pack, {...base, type: 'directory'});
        await walk(full);
      } else if (st.isSymbolicLink()) {
        await entry(pack, {...base, type: 'symlink', linkname: await readlink(full)});
      } else if (st.nlink > 1 && seen.has(`${st.ino}`)) {
        await entry(pack, {...base, type: 'link', linkname: seen.get(`${st.ino}`)!});
      } else {
        if (st.nlink > 1) seen.set(`${st.ino}`, rel);
        await entry(pack, {...base, type: 'file', size: st.size}, await readFile(full));
      }
    }
  };
  const start = async () => {
    if (!under) return walk(root);
    const top = join(root, under);
    const st = await lstat(top);
    await entry(pack, {name: under, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime});
    return walk(top);
  };
  void start().then(() => pack.finalize(), (error: Error) => pack.destroy(error));
  return Readable.from(pack as unknown as AsyncIterable<Buffer>);
}

/** A TarSource of tarDirectory(): the container's way of streaming a tree. */
export const fixtureSource = (root: string, under?: string): TarSource => async (sink) => pipeline(await tarDirectory(root, under), sink);

/** Streams `source` into a package at `outFile`, as a build does; returns the tree's facts. */
export async function writePackage(packager: NativePackager, meta: PackageMetadata, source: TarSource, outFile: string): Promise<TreeFacts> {
  const streamed = await streamPackage(packager, source, meta, dirname(outFile));
  try {
    await streamed.finish(meta, outFile);
  } finally {
    await streamed.dispose();
  }
  return streamed.facts;
}

function entry(pack: tar.Pack, header: object, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const h = header as Parameters<tar.Pack['entry']>[0];
    const cb = (error?: Error | null) => (error ? reject(error) : resolve());
    if (body) pack.entry(h, body, cb);
    else pack.entry(h, cb);
  });
}

/** A temp dir. */
export const tempDir = (prefix = 'vdist-pkg-test-') => mkdtemp(join(tmpdir(), prefix));

/**
 * An install tree with the odd cases packages must survive: spaces and UTF-8
 * in names, a path over 100 bytes, a symlink, a hard link, an empty
 * directory, an executable, a config file.
 */
export async function makeOddTree(root: string): Promise<void> {
  const app = join(root, 'opt', 'oddapp');
  const deep = join(app, 'lib', 'a-directory-name-that-is-quite-long', 'and-another-one-that-is-also-long', 'and-a-third-level');
  await mkdir(deep, {recursive: true});
  await mkdir(join(app, 'empty dir'), {recursive: true});
  await mkdir(join(app, 'bin'), {recursive: true});
  await mkdir(join(root, 'etc', 'oddapp'), {recursive: true});
  await writeFile(join(app, 'bin', 'oddapp'), '#!/bin/sh\necho "odd app $*"\n');
  await chmod(join(app, 'bin', 'oddapp'), 0o755);
  await writeFile(join(app, 'file with spaces.txt'), 'spaces\n');
  await writeFile(join(app, 'ünïcødé-名前.txt'), 'utf-8 name\n');
  await writeFile(join(deep, 'a-file-name-long-enough-to-need-the-long-name-forms.py'), 'print("deep")\n');
  await writeFile(join(app, 'data.bin'), Buffer.alloc(5000, 7));
  await link(join(app, 'data.bin'), join(app, 'data-hardlink.bin'));
  await symlink('bin/oddapp', join(app, 'run'));
  await writeFile(join(root, 'etc', 'oddapp', 'oddapp.conf'), 'setting = 1\n');
  await chmod(join(root, 'etc', 'oddapp', 'oddapp.conf'), 0o644);
}

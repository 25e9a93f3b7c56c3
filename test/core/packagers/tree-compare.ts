import {createHash} from 'node:crypto';
import {lstat, readdir, readFile, readlink} from 'node:fs/promises';
import {join} from 'node:path';

/** path -> "type mode size target/sha" for every entry under `root` + each of `subtrees`. Directory mtimes are left out. */
export async function describeTree(root: string, subtrees: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    const full = join(root, rel);
    const st = await lstat(full);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isDirectory()) {
      out.set(rel, `dir ${mode}`);
      for (const name of (await readdir(full)).sort()) await walk(`${rel}/${name}`);
    } else if (st.isSymbolicLink()) {
      out.set(rel, `symlink -> ${await readlink(full)}`);
    } else {
      out.set(rel, `file ${mode} ${st.size} ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
    }
  };
  for (const s of subtrees) await walk(s);
  return out;
}

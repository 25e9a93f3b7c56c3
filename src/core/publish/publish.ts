import {copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {ExitCode, VdistError} from '../errors.js';
import type {Logger} from '../log.js';
import {diskFullError, partialName, trackTemporary, writeAtomically} from '../output-file.js';
import {removeDeadTemporaries} from '../reaper/reaper.js';
import type {Signer} from '../signing/gpg.js';
import {readRpmLayout, signRpm} from '../formats/rpm/sign.js';
import {poolPath, type PoolDeb} from './apt.js';
import {fileDigests, readInput, readInputs, type InputPackage} from './inputs.js';
import {acquirePublishLock} from './lock.js';
import {pruneOld} from './keep.js';
import {writeAptSuite} from './write-apt.js';
import {writeYumRepo} from './write-yum.js';
import type {RepoRpm} from './yum.js';
import {sourcesSnippet} from './apt.js';
import {repoSnippet} from './yum.js';

export interface PublishOptions {
  /** Where the packages are: a run's output directory. */
  from: string;
  /** The repository root: apt/, yum/, the public key and the host snippets go here. */
  repo: string;
  signer: Signer;
  suite: string;
  component: string;
  /** Debian-spelled architectures the repository accepts; default: whatever the packages are. */
  arches?: string[];
  /** Versions of each package (per architecture) to keep; default: all. */
  keep?: number;
  /** The URL hosts will reach the repository root at, for the snippets. */
  url?: string;
  /** Origin, Label, the key's and snippets' file names. */
  name: string;
  log: Logger;
}

export interface PublishResult {
  added: string[];
  removed: string[];
  apt?: {suite: string; component: string; packages: number; architectures: string[]};
  yum?: {packages: number};
  publicKey: string;
}

/**
 * Makes `repo` an apt and a yum repository holding the packages of `from`
 * besides what it held before. Everything is checked before the repository
 * changes; new packages enter the pools under temporary names; each
 * repository's metadata is replaced in one rename (see swap.ts).
 */
export async function publish(o: PublishOptions): Promise<PublishResult> {
  if (o.keep !== undefined && (!Number.isInteger(o.keep) || o.keep < 1)) throw new VdistError('--keep must be 1 or more', {code: 'USAGE', exit: ExitCode.usage});
  const inputs = await readInputs(o.from, o.arches);
  await mkdir(o.repo, {recursive: true});
  const release = await acquirePublishLock(o.repo, o.log);
  const added: string[] = [];
  try {
    const aptDir = join(o.repo, 'apt');
    const yumDir = join(o.repo, 'yum');
    const stale = await removeDeadTemporaries([o.repo, join(aptDir, 'dists'), yumDir, join(yumDir, 'packages'), ...(await poolDirs(aptDir))]);
    if (stale.length > 0) o.log.warn(`removed ${stale.length} partial file(s) an earlier, interrupted publish left in ${o.repo}`);
    await checkAptState(aptDir, o);
    const plan = await planAdditions(inputs, aptDir, yumDir, o);
    for (const p of plan) {
      await addToPool(p.input, p.dest, o.signer);
      added.push(p.dest);
    }
    const debs = await readPool(aptDir, 'deb');
    const rpms = await readPool(yumDir, 'rpm');
    if (debs.length + rpms.length === 0) throw new VdistError(`no .deb or .rpm files in ${o.from}, and ${o.repo} holds none`, {code: 'NOTHING_TO_PUBLISH', exit: ExitCode.usage});
    const removed = o.keep === undefined ? [] : pruneOld([...debs, ...rpms], o.keep);
    const gone = new Set(removed.map((p) => p.file));
    const keptDebs = debs.filter((d) => !gone.has(d.file));
    const keptRpms = rpms.filter((r) => !gone.has(r.file));
    const now = new Date();
    const result: PublishResult = {added: added.map((a) => relative(o.repo, a)), removed: removed.map((p) => relative(o.repo, p.file)), publicKey: ''};
    if (keptDebs.length > 0) {
      const entries = await Promise.all(keptDebs.map((d) => poolDeb(d, aptDir)));
      const archs = await writeAptSuite(join(aptDir, 'dists'), entries, {...o, date: now});
      await writeFile(join(aptDir, '.vdist-repo.json'), `${JSON.stringify({suite: o.suite, component: o.component})}\n`);
      result.apt = {suite: o.suite, component: o.component, packages: entries.length, architectures: archs};
    }
    if (keptRpms.length > 0) {
      const entries = await Promise.all(keptRpms.map((r) => repoRpm(r, yumDir)));
      await writeYumRepo(yumDir, entries, o.signer, now);
      result.yum = {packages: entries.length};
    }
    for (const p of removed) await rm(p.file, {force: true});
    result.publicKey = await exportKeyAndSnippets(o, Boolean(result.apt), Boolean(result.yum));
    return result;
  } catch (error) {
    // The metadata still names only what was there: take the new pool files out again.
    for (const a of added) await rm(a, {force: true});
    throw diskFullError(error, o.repo, 'the repository was left as it was') ?? error;
  } finally {
    await release();
  }
}

async function poolDirs(aptDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, {withFileTypes: true}).catch(() => []);
    for (const e of entries) if (e.isDirectory() && depth < 4) {
      out.push(join(dir, e.name));
      await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(join(aptDir, 'pool'), 0);
  return out;
}

async function checkAptState(aptDir: string, o: PublishOptions): Promise<void> {
  const text = await readFile(join(aptDir, '.vdist-repo.json'), 'utf8').catch(() => undefined);
  if (!text) return;
  const state = JSON.parse(text) as {suite: string; component: string};
  if (state.suite !== o.suite || state.component !== o.component) {
    throw new VdistError(`${o.repo} serves suite "${state.suite}" component "${state.component}", not "${o.suite}" "${o.component}"`, {
      code: 'PUBLISH_SUITE', exit: ExitCode.usage, suggestions: [`Pass --suite ${state.suite} --component ${state.component}, or publish into another --repo`],
    });
  }
}

interface Addition {
  input: InputPackage;
  dest: string;
}

/** Where each input goes; an input already there is skipped, and one that differs from what is there is refused. */
async function planAdditions(inputs: readonly InputPackage[], aptDir: string, yumDir: string, o: PublishOptions): Promise<Addition[]> {
  const plan: Addition[] = [];
  for (const input of inputs) {
    const file = input.file.split('/').pop()!;
    const dest = input.format === 'deb' ? join(aptDir, poolPath(o.component, input.name, file)) : join(yumDir, 'packages', file);
    const there = await stat(dest).catch(() => undefined);
    if (there) {
      // An rpm in the pool carries the repository's signature: compare what the signature covers.
      const start = async (f: string) => (input.format === 'rpm' ? (await readRpmLayout(f)).headerStart : 0);
      const [a, b] = await Promise.all([fileDigests(input.file, ['sha256'], await start(input.file)), fileDigests(dest, ['sha256'], await start(dest))]);
      if (a.sha256 === b.sha256) continue;
      throw new VdistError(`${relative(o.repo, dest)} is already published with other content than ${input.file}`, {
        code: 'PUBLISH_CONFLICT', exit: ExitCode.usage, suggestions: ['Give the new build another version or iteration: clients cache packages by name and version'],
      });
    }
    plan.push({input, dest});
  }
  return plan;
}

/** Copies a package into its pool under a temporary name (an rpm is signed on the way), then renames it. */
async function addToPool(input: InputPackage, dest: string, signer: Signer): Promise<void> {
  await mkdir(join(dest, '..'), {recursive: true});
  const temporary = partialName(dest);
  const untrack = trackTemporary(temporary);
  try {
    await copyFile(input.file, temporary);
    if (input.format === 'rpm') await signRpm(temporary, signer, input.info.buildtime || undefined);
    await rename(temporary, dest);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  } finally {
    untrack();
  }
}

async function readPool(dir: string, format: 'deb' | 'rpm'): Promise<InputPackage[]> {
  const files = format === 'deb' ? (await walkFiles(join(dir, 'pool'))).filter((f) => f.endsWith('.deb')) : (await readdir(join(dir, 'packages')).catch(() => [])).filter((f) => f.endsWith('.rpm')).map((f) => join(dir, 'packages', f));
  const out: InputPackage[] = [];
  for (const f of files.filter((f) => !f.split('/').pop()!.startsWith('.')).sort()) out.push(await readInput(f));
  return out;
}

async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, {withFileTypes: true}).catch(() => [])) {
    if (e.isDirectory()) out.push(...(await walkFiles(join(dir, e.name))));
    else if (e.isFile()) out.push(join(dir, e.name));
  }
  return out;
}

async function poolDeb(p: InputPackage, aptDir: string): Promise<PoolDeb> {
  if (p.format !== 'deb') throw new Error('not a deb');
  const d = await fileDigests(p.file, ['md5', 'sha1', 'sha256']);
  return {control: p.control, filename: relative(aptDir, p.file), size: (await stat(p.file)).size, md5: d.md5!, sha1: d.sha1!, sha256: d.sha256!};
}

async function repoRpm(p: InputPackage, yumDir: string): Promise<RepoRpm> {
  if (p.format !== 'rpm') throw new Error('not an rpm');
  const st = await stat(p.file);
  const d = await fileDigests(p.file, ['sha256']);
  return {info: p.info, href: relative(yumDir, p.file), size: st.size, mtime: Math.floor(st.mtimeMs / 1000), sha256: d.sha256!};
}

/** The public key (armored and binary) at the repository root, and a host snippet per repository. */
async function exportKeyAndSnippets(o: PublishOptions, apt: boolean, yum: boolean): Promise<string> {
  const base = (o.url ?? 'http://REPLACE-WITH-YOUR-HOST/').replace(/\/+$/, '');
  const keyName = `${o.name}-archive-keyring`;
  const put = (name: string, data: string | Buffer) => writeAtomically(join(o.repo, name), (t) => writeFile(t, data));
  await put(`${keyName}.asc`, await o.signer.publicKey(true));
  await put(`${keyName}.gpg`, await o.signer.publicKey(false));
  if (apt) await put(`${o.name}.sources`, sourcesSnippet(`${base}/apt`, o.suite, o.component, `/etc/apt/keyrings/${keyName}.gpg`));
  if (yum) await put(`${o.name}.repo`, repoSnippet(o.name, `${base}/yum`, `${base}/${keyName}.asc`));
  return join(o.repo, `${keyName}.asc`);
}

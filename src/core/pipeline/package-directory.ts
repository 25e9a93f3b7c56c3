import {readFileSync} from 'node:fs';
import {mkdir, stat} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {parseCompression, type Compression} from '../archive/compress.js';
import {formatFacts} from '../formats/facts.js';
import {chooseSourceDateEpoch, type SourceDateEpoch} from './source-date-epoch.js';
import {scanDirectory} from '../source/directory-tar.js';
import {packageIdentityProblems, shownValue} from '../config/package-rules.js';
import {splitShellWords} from '../config/shell-words.js';
import {parseArch} from '../arch.js';
import {ExitCode, UsageError} from '../errors.js';
import {diskFullError, writeAtomically} from '../output-file.js';
import type {PackageFormat} from '../types.js';
import {hostTreeSource} from '../tree/host-tree.js';
import {checkElfArchitecture} from '../tree/elf.js';
import {getPackager} from '../packagers/index.js';
import {packageIntent, type MetadataSource} from '../metadata/metadata.js';
import {parseFpmArgs} from '../metadata/fpm-args.js';
import type {TreeFacts} from '../packagers/packager.js';
import {streamPackage} from '../packagers/stream-package.js';

/** `vdist package DIR`: what its flags say. */
export interface PackageDirectoryOptions {
  /** The tree's root: DIR/opt/app becomes /opt/app. */
  dir: string;
  name: string;
  version: string;
  format: PackageFormat;
  /** Architecture (deb or rpm spelling); default: from the ELF files, else all/noarch. */
  arch?: string;
  depends: string[];
  /** fpm arguments as one string, split shell-style; script paths are relative to the current directory. */
  fpmArgs?: string;
  /** e.g. `xz:1`; default per format (its facts' defaultCompression). */
  compression?: string;
  outputDir: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export interface PackageDirectoryResult {
  packageFile: string;
  sizeBytes: number;
  facts: TreeFacts;
  /** The date its files were clamped to, and where it came from. */
  sourceDateEpoch: SourceDateEpoch;
}

/**
 * The native writers on a host directory, like `fpm -s dir`: the same
 * metadata, maintainer-script and dependency rules as `vdist build`. Bad
 * input is a UsageError or ConfigError (exit 2) before anything is written.
 */
export async function packageDirectory(o: PackageDirectoryOptions): Promise<PackageDirectoryResult> {
  const source = await hostTreeSource(o.dir, o.signal);
  const identity = packageIdentityProblems(o.format, o.name, o.version);
  if (identity.app) throw new UsageError(`--name ${shownValue(o.name)} is not a valid ${o.format} package name: ${identity.app}`);
  if (identity.version) throw new UsageError(`--version ${shownValue(o.version)} is not a valid ${o.format} version: ${identity.version}`);
  let compression: Compression;
  let fpmArgs: string[];
  try {
    compression = o.compression === undefined ? formatFacts(o.format).defaultCompression : parseCompression(o.compression);
    fpmArgs = splitShellWords(o.fpmArgs ?? '');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (o.arch) fpmArgs.push('--architecture', o.arch);
  const spec: MetadataSource = {
    name: 'vdist package', app: o.name, version: o.version, runtime_deps: o.depends, fpm_args: fpmArgs, packager: 'native',
    config_dir: process.cwd(), profile: {format: o.format},
  };
  // Parsed once; an unknown flag is reported by packageIntent against --fpm-args.
  const parsed = parseFpmArgs(fpmArgs);
  if (parsed.problems.length === 0) spec.native_fpm_args = parsed.args;
  const sde = await treeDate(o.dir, o.env);
  const readScript = (path: string) => readFileSync(resolve(path), 'utf8');
  const intent = packageIntent(spec, {sourceDateEpoch: sde.value, readScript, compression, origin: 'command line'});
  const base = intent.meta;
  const packager = getPackager(o.format, 'native');
  await mkdir(o.outputDir, {recursive: true});
  try {
    const streamed = await streamPackage(packager, source, base, o.outputDir);
    try {
      // An --arch of a known machine must match the tree's ELF files, as in a build.
      const target = o.arch === undefined ? undefined : parseArch(o.arch);
      if (target) checkElfArchitecture(streamed.facts.elfPaths, target, ExitCode.usage);
      const meta = intent.complete({architecture: streamed.facts.architecture});
      const packageFile = join(o.outputDir, packager.fileName(meta));
      await writeAtomically(packageFile, (temporary) => streamed.finish(meta, temporary));
      return {packageFile, sizeBytes: (await stat(packageFile)).size, facts: streamed.facts, sourceDateEpoch: sde};
    } finally {
      await streamed.dispose();
    }
  } catch (error) {
    throw diskFullError(error, o.outputDir) ?? error;
  }
}

/**
 * SOURCE_DATE_EPOCH from the environment, else the newest mtime of the
 * tree's files and symlinks (what a directory source of `vdist build` gets,
 * though here the whole tree counts: `.git` and `.vdistignore` are not
 * special), else the fallback. A stat walk: the tree's files are read once,
 * when it streams.
 */
async function treeDate(dir: string, env: Record<string, string | undefined>): Promise<SourceDateEpoch> {
  const fromEnv = chooseSourceDateEpoch(env);
  if (fromEnv.origin === 'SOURCE_DATE_EPOCH') return fromEnv;
  const {newest} = await scanDirectory(dir, {sourceRules: false});
  return chooseSourceDateEpoch(env, newest && {value: newest.mtime, origin: 'newest file', detail: newest.path});
}

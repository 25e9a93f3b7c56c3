import {readFileSync} from 'node:fs';
import {mkdir, stat} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {parseCompression, type Compression} from '../archive/compress.js';
import {formatFacts} from '../formats/facts.js';
import {chooseSourceDateEpoch} from './source-date-epoch.js';
import {packageIdentityProblems, shownValue} from '../config/package-rules.js';
import {splitShellWords} from '../config/shell-words.js';
import {parseArch} from '../arch.js';
import {ExitCode, UsageError} from '../errors.js';
import {diskFullError, writeAtomically} from '../output-file.js';
import type {PackageFormat} from '../types.js';
import {hostTreeSource} from '../tree/host-tree.js';
import {checkElfArchitecture} from '../tree/elf.js';
import {getPackager} from '../packagers/index.js';
import {packageMetadata, type MetadataSource} from '../metadata/metadata.js';
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
  const sde = chooseSourceDateEpoch(o.env).value;
  const readScript = (path: string) => readFileSync(resolve(path), 'utf8');
  const metaFor = (facts?: TreeFacts) => packageMetadata(spec, {sourceDateEpoch: sde, readScript, compression, architecture: facts?.architecture, origin: 'command line'});
  const base = metaFor();
  const packager = getPackager(o.format, 'native');
  await mkdir(o.outputDir, {recursive: true});
  try {
    const streamed = await streamPackage(packager, source, base, o.outputDir);
    try {
      // An --arch of a known machine must match the tree's ELF files, as in a build.
      const target = o.arch === undefined ? undefined : parseArch(o.arch);
      if (target) checkElfArchitecture(streamed.facts.elfPaths, target, ExitCode.usage);
      const meta = metaFor(streamed.facts);
      const packageFile = join(o.outputDir, packager.fileName(meta));
      await writeAtomically(packageFile, (temporary) => streamed.finish(meta, temporary));
      return {packageFile, sizeBytes: (await stat(packageFile)).size, facts: streamed.facts};
    } finally {
      await streamed.dispose();
    }
  } catch (error) {
    throw diskFullError(error, o.outputDir) ?? error;
  }
}

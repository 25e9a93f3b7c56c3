import {randomBytes} from 'node:crypto';
import {mkdir, rename, rm, stat} from 'node:fs/promises';
import {join} from 'node:path';
import type {Backend, Container, RunContext} from '../../backends/backend.js';
import {copyOut} from '../../backends/copy-out.js';
import {VdistError} from '../errors.js';
import {diskFullError, trackTemporary, writeAtomically, type OutputClaims} from '../output-file.js';
import {deployPaths} from '../contract/deploy.js';
import {checkElfArchitecture} from '../tree/elf.js';
import type {ProjectDocsSource} from '../metadata/package-docs.js';
import type {PackageMetadata} from '../packagers/packager.js';
import {streamPackage, type TarSource} from '../packagers/stream-package.js';
import {compareTreeOrder, normalizeEntryPath} from '../tree/tree-paths.js';
import {CONTAINER_PATHS, packagePaths} from '../contract/container-paths.js';
import type {BuildSpec} from '../types.js';
import {isBuiltinScript} from '../support/package-root.js';
import {libraryDependencies, needsLibraryOwners} from '../shlibdeps/auto-depends.js';
import {lookupLibraryOwners, mergeDependencies} from '../shlibdeps/resolve.js';
import {signPackage, type PackageSigning} from '../signing/sign-package.js';
import {readDeployFacts, type DeployFacts} from '../contract/deploy-facts.js';
import {dataOptions, nativePackagerFor, packageIntentFor, treeFacts} from './packagers.js';

export interface PackageTreeOptions {
  backend: Backend;
  container: Container;
  outputDir: string;
  /** The run's claimed package names: a second build writing one fails (see OutputClaims). */
  claims?: OutputClaims;
  sourceDateEpoch: number;
  /** The project's metadata, read from the source on the host: license, copyright, changelog, description. */
  project?: ProjectDocsSource;
  /** What the build script printed of its deployment; read from the container when absent. */
  deployFacts?: DeployFacts;
  /** The library owners, when the lookup was started earlier (see lookupLibraryOwners); else it runs while the tree streams. */
  libraryOwners?: Promise<Map<string, string>>;
  /** Signs the package before it takes its final name. */
  signing?: PackageSigning;
}

/**
 * Whether the library owners can be looked up as soon as the build container
 * runs: it starts from a cached image (provisioning is done) and runs one of
 * vdist's own scripts, whose build stage installs no system package. Then the
 * lookup runs beside the build script, where pip leaves a core idle, rather
 * than beside the package's compressor, which wants both.
 */
export function ownersKnownBeforeScript(spec: BuildSpec, fromCachedImage: boolean): boolean {
  return fromCachedImage && spec.packager === 'native' && spec.auto_runtime_deps && needsLibraryOwners(spec.profile.format) && isBuiltinScript(spec.profile.script_path);
}

/** The package a build produced. */
export interface PackageResult {
  packageFile: string;
  sizeBytes: number;
  /** Packages added to the dependencies by the shared-library lookup. */
  addedDeps: string[];
}

/**
 * Turns the finished install tree into a package in the output dir. Native:
 * stream `tar -c` of the package paths out of the container straight into
 * the writer's compressor while the library owners are looked up in the same
 * container, then write the control part or header and the .deb/.rpm on the
 * host. fpm: the script already ran fpm; copy its
 * result out through the safe extractor.
 */
export async function packageTree(spec: BuildSpec, options: PackageTreeOptions, ctx: RunContext): Promise<PackageResult> {
  await mkdir(options.outputDir, {recursive: true});
  try {
    return await (spec.packager === 'fpm' ? copyFpmResult(spec, options, ctx) : writeNative(spec, options, ctx));
  } catch (error) {
    throw diskFullError(error, options.outputDir) ?? error;
  }
}

async function writeNative(spec: BuildSpec, options: PackageTreeOptions, ctx: RunContext): Promise<PackageResult> {
  const {backend, container} = options;
  const packager = nativePackagerFor(spec.profile.format);
  // The library owners are looked up while the tree streams: the lookup needs only the container.
  const owners = spec.auto_runtime_deps && needsLibraryOwners(spec.profile.format) ? (options.libraryOwners ?? lookupLibraryOwners(backend, container, ctx)) : undefined;
  owners?.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  const deploy = options.deployFacts ?? (await readDeployFacts(spec, backend, container, ctx));
  const paths = [...packagePaths(spec), ...deployPaths(spec, deploy.binLinks)];
  const source: TarSource = (sink) => backend.run(container, containerTreeTar(paths), {...ctx, stdout: sink});
  // The package's metadata is assembled once, here; the tree only adds its dependencies and architecture.
  const intent = packageIntentFor(spec, options.sourceDateEpoch, deploy.pythonVersion, options.project);
  const streamed = await streamPackage(packager, source, dataOptions(intent.meta), options.outputDir);
  try {
    if (streamed.facts.fileCount - (streamed.facts.addedFileCount ?? 0) === 0) {
      throw new VdistError(`the build produced no files in ${paths.join(', ')}: refusing to write an empty package`, {
        code: 'EMPTY_TREE',
        suggestions: ['Check that the build script installs the application into install_dir (see the build log)'],
      });
    }
    checkElfArchitecture(streamed.facts.elfPaths, spec.arch);
    let added: string[] = [];
    if (spec.auto_runtime_deps) {
      const found = await libraryDependencies(spec.profile.format, streamed.facts, owners, {backend, container}, ctx);
      ({added} = mergeDependencies(spec.runtime_deps, found));
      ctx.log.info(added.length > 0 ? `dependencies found automatically: ${added.join(', ')}` : 'no dependencies found automatically');
    }
    const meta = intent.complete(treeFacts(spec, streamed.facts, added));
    logLicense(meta, options.project, ctx);
    const packageFile = join(options.outputDir, spec.custom_filename ?? packager.fileName(meta));
    options.claims?.claim(packageFile, spec.name);
    ctx.log.info(`writing ${packageFile} (${streamed.facts.fileCount} files)`);
    await writeAtomically(packageFile, async (temporary) => {
      await streamed.finish(meta, temporary);
      if (options.signing) await signPackage(temporary, spec.profile.format, options.signing, options.sourceDateEpoch, ctx);
    });
    return {packageFile, sizeBytes: (await stat(packageFile)).size, addedDeps: added};
  } finally {
    await streamed.dispose();
  }
}

/** Says where the license came from, or warns that the package has none (and so no copyright file). */
function logLicense(meta: PackageMetadata, project: ProjectDocsSource | undefined, ctx: RunContext): void {
  if (!project) return;
  if (meta.license === undefined) {
    ctx.log.warn('no license found (pyproject.toml license or license-files, setup.cfg, LICENSE or COPYING): the package has no copyright file; set `license` in vdist.toml');
  } else {
    const files = project.info.licenseFiles.map((f) => f.path);
    ctx.log.info(`license ${meta.license}${files.length > 0 ? ` (texts: ${files.join(', ')})` : ''}`);
  }
}

/**
 * `tar -c` of the package paths in tree order: `--sort=name` orders each
 * directory's entries, and the paths themselves go in that order too, an
 * inner path dropped when an outer one holds it.
 */
export function containerTreeTar(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths.map((p) => normalizeEntryPath(p)))].sort(compareTreeOrder);
  const roots = sorted.filter((p, i) => !sorted.slice(0, i).some((outer) => p.startsWith(`${outer}/`)));
  return ['tar', '-c', '--sort=name', '-C', '/', '--', ...roots.map((p) => p.slice(1))];
}

async function copyFpmResult(spec: BuildSpec, options: PackageTreeOptions, ctx: RunContext): Promise<PackageResult> {
  if (spec.auto_runtime_deps) ctx.log.info('packager = "fpm": dependencies are the ones fpm_args and runtime_deps name (no automatic lookup)');
  const tmp = join(options.outputDir, `.vdist-fpm-${process.pid}-${randomBytes(4).toString('hex')}`);
  const untrack = trackTemporary(tmp);
  await mkdir(tmp, {recursive: true});
  try {
    const result = await copyOut(options.backend, options.container, CONTAINER_PATHS.out, ['.'], tmp, ctx);
    const built = result.files.filter((f) => f.endsWith(`.${spec.profile.format}`));
    if (built.length !== 1) {
      throw new VdistError(`fpm left ${built.length === 0 ? 'no' : built.length} .${spec.profile.format} files in ${CONTAINER_PATHS.out}, expected one`, {code: 'FPM'});
    }
    const name = spec.custom_filename ?? built[0]!.split('/').pop()!;
    const packageFile = join(options.outputDir, name);
    if (options.signing) await signPackage(join(tmp, built[0]!), spec.profile.format, options.signing, options.sourceDateEpoch, ctx);
    options.claims?.claim(packageFile, spec.name);
    await rename(join(tmp, built[0]!), packageFile);
    return {packageFile, sizeBytes: (await stat(packageFile)).size, addedDeps: []};
  } finally {
    await rm(tmp, {recursive: true, force: true});
    untrack();
  }
}

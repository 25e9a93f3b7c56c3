import {createHash} from 'node:crypto';
import {rename, rm} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {Backend, Container, RunContext} from '../../backends/backend.js';
import {withContainer} from '../../backends/with-container.js';
import type {ImageCache, CacheReport} from '../cache/image-cache.js';
import {planCache} from '../cache/key.js';
import {pipCacheFile, pipCacheIn, pipCacheOut, pipEnv} from '../cache/pip-cache.js';
import {ExitCode, InterruptedError, isVdistError, VdistError} from '../errors.js';
import {lockExtras, resolveLock, type ResolvedLock} from '../lock/index.js';
import {createBuildLogger, type Logger} from '../log.js';
import {diskFullError, partialName, trackTemporary, type OutputClaims} from '../output-file.js';
import {lookupLibraryOwners} from '../shlibdeps/resolve.js';
import {runSmokeTest} from '../smoke/smoke-test.js';
import {readBuildProject} from '../project/read-project.js';
import {makeSourceTar} from '../source/index.js';
import {checkNamedFiles} from '../source/named-files.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import type {BuildSpec} from '../types.js';
import {readLogTail} from './log-tail.js';
import {ownersKnownBeforeScript, packageTree, type PackageResult} from './package-tree.js';
import {fpmCommandFor} from './packagers.js';
import type {BuildOutcome, BuildRunOptions} from './outcome.js';
import {renderBuildScript, runBuildScript} from '../script/build-script.js';
import {chooseSourceDateEpoch, describeSourceDateEpoch} from './source-date-epoch.js';
import {runStep, StepFailure} from '../script/step.js';
import {FAILURE_TAIL_LINES} from './summary.js';
import {formatDuration} from '../support/format.js';

/** What every build of a run shares. */
export interface BuildEnvironment {
  backend: Backend;
  options: BuildRunOptions;
  root: Logger;
  /** The environment SOURCE_DATE_EPOCH is read from. */
  env: Record<string, string | undefined>;
  /** The provisioned-image cache of this run's engine. */
  cache: ImageCache;
  /** vdist's cache directory on the host (the pip caches live there). */
  cacheDir: string;
  /** The package names the run's builds claimed (see OutputClaims). */
  claims?: OutputClaims;
}

/**
 * `{output}/logs/{build}.log`. A name that is not safe as a file name as it
 * is gets its unsafe runs replaced and a short hash of the real name, so
 * `a b` and `a_b` never share a log.
 */
export function buildLogFile(outputDir: string, build: string): string {
  const safe = build.replaceAll(/[^A-Za-z0-9._-]+/g, '_');
  const name = safe === build ? safe : `${safe}-${createHash('sha256').update(build).digest('hex').slice(0, 8)}`;
  return join(outputDir, 'logs', `${name}.log`);
}

/**
 * One build, start to finish: image, source, script, container, package,
 * smoke test. Never throws: the result is a BuildOutcome, so one failing
 * build does not stop the others.
 */
export async function buildOne(spec: BuildSpec, env: BuildEnvironment): Promise<BuildOutcome> {
  const started = performance.now();
  const base = {build: spec.name, profile: spec.profile.name, arch: spec.arch};
  const logFile = buildLogFile(env.options.outputDir, spec.name);
  const {log, close, lost} = atomicBuildLogger(env.root, spec.name, logFile);
  // `timeout` bounds this build alone: it aborts the build's own signal, and withContainer removes its container as on Ctrl-C.
  const timeout = env.options.timeoutMs ? AbortSignal.timeout(env.options.timeoutMs) : undefined;
  // A log file that cannot be written (a full disk) stops the build the same way.
  const ctx: RunContext = {log, signal: AbortSignal.any([env.options.signal, lost, ...(timeout ? [timeout] : [])])};
  const logFailed = (durationMs: number): BuildOutcome => {
    const message = new StepFailure('log', lost.reason).message;
    log.error({step: 'log', failure: true}, `failed at step log: ${message}`);
    return {status: 'failed', ...base, durationMs, step: 'log', error: message, tail: []};
  };
  try {
    log.info(`building ${spec.app} ${spec.version} for ${spec.profile.name} ${spec.arch} (${spec.profile.image}) with ${env.backend.name}`);
    const result = await buildInContainer(spec, env, ctx);
    if (lost.aborted) return logFailed(Math.round(performance.now() - started));
    if (env.options.smoke && spec.smoke_command) {
      const command = spec.smoke_command;
      await runStep(log, 'smoke', () =>
        runSmokeTest({backend: env.backend, profile: spec.profile, arch: spec.arch, build: spec.name, packageFile: result.packageFile, command, network: env.options.network}, ctx),
      );
      log.info('smoke test passed');
    }
    const durationMs = Math.round(performance.now() - started);
    log.info({durationMs}, `built ${result.packageFile}`);
    return {status: 'ok', ...base, packageFile: result.packageFile, sizeBytes: result.sizeBytes, durationMs, addedDeps: result.addedDeps, cache: result.cache};
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    if (lost.aborted && !env.options.signal.aborted) return logFailed(durationMs);
    if (env.options.signal.aborted) {
      log.warn('interrupted');
      return {status: 'interrupted', ...base, durationMs};
    }
    if (timeout?.aborted) {
      const message = `timed out after ${formatDuration(env.options.timeoutMs!)} (timeout): stopped, its container removed`;
      log.error({step: 'timeout', failure: true}, message);
      await close();
      return {status: 'failed', ...base, durationMs, step: 'timeout', error: message, tail: await readLogTail(logFile, FAILURE_TAIL_LINES), timeout: true};
    }
    if (error instanceof InterruptedError) {
      log.warn('interrupted');
      return {status: 'interrupted', ...base, durationMs};
    }
    const failure = error instanceof StepFailure ? error : new StepFailure('build', error);
    // `failure` marks the record readLogTail leaves out: the summary shows the error itself.
    log.error({step: failure.step, failure: true}, `failed at step ${failure.step}: ${failure.message}`);
    await close();
    const tail = await readLogTail(logFile, FAILURE_TAIL_LINES);
    const usage = isVdistError(failure.cause) && failure.cause.exitCode === ExitCode.usage;
    return {status: 'failed', ...base, durationMs, step: failure.step, error: failure.message, tail, ...(usage ? {usage: true as const} : {})};
  } finally {
    await close();
  }
}

/**
 * The build's logger, writing under a temporary name beside `logFile` that
 * close() renames into place: a log under its final name is a whole one, and
 * a rebuild replaces the old log at once. `lost` is aborted, with the error
 * to report (the disk-full one naming the directory), when the file cannot
 * be written; that log is removed rather than placed.
 */
function atomicBuildLogger(root: Logger, build: string, logFile: string): {log: Logger; close: () => Promise<void>; lost: AbortSignal} {
  const partial = partialName(logFile);
  const untrack = trackTemporary(partial);
  const lost = new AbortController();
  const {log, close} = createBuildLogger(root, build, partial, (error) => {
    lost.abort(diskFullError(error, dirname(logFile), 'the build was stopped and its log removed') ?? new VdistError(`could not write the build log ${logFile}: ${error.message}`, {code: 'LOG_WRITE', cause: error}));
  });
  let placed: Promise<void> | undefined;
  const place = async () => {
    await close();
    if (lost.signal.aborted) await rm(partial, {force: true});
    else await rename(partial, logFile).catch(() => rm(partial, {force: true}));
    untrack();
  };
  return {log, close: () => (placed ??= place()), lost: lost.signal};
}

async function buildInContainer(spec: BuildSpec, env: BuildEnvironment, ctx: RunContext): Promise<PackageResult & {cache: CacheReport}> {
  const {backend, options} = env;
  const log = ctx.log;
  await runStep(log, 'image', () => backend.ensureImage(spec.profile.image, ctx, spec.profile.name, spec.arch, {insecure: spec.profile.insecure_registry}));
  const source = await runStep(log, 'source', () =>
    makeSourceTar(spec.source, {outputDir: options.outputDir, workingDir: spec.working_dir, log, signal: ctx.signal}),
  );
  try {
    // A git source's named files could not be looked for at load: its tree exists only now, still before any container.
    if (spec.source.kind === 'git') await runStep(log, 'source', () => checkNamedFiles([spec], {probe: (path) => source.hasFile(path)}));
    const sde = chooseSourceDateEpoch(env.env, source.date);
    log.info(`SOURCE_DATE_EPOCH=${describeSourceDateEpoch(sde)}`);
    const lock = await runStep(log, 'lock', () => lockFor(spec, source.readFile, log));
    const project = spec.packager === 'native' ? await runStep(log, 'source', () => readBuildProject(spec, {read: source.readFile, list: source.listDir})) : undefined;
    const {plan, script} = await runStep(log, 'script', async () => {
      const extras = {
        ...(spec.packager === 'fpm' ? {fpm_command: fpmCommandFor(spec, sde.value)} : {}),
        ...lockExtras(lock),
      };
      const cachePlan = planCache(spec, extras);
      return {plan: cachePlan, script: cachePlan ? cachePlan.buildScript : renderBuildScript(spec, extras)};
    });
    // A script without stages runs whole, from the profile's image, as before the cache.
    const provisioned = plan
      ? await runStep(log, 'provision', () => env.cache.imageFor(spec, plan, ctx))
      : {image: spec.profile.image, report: {status: 'off', levels: []} satisfies CacheReport};
    const pipCache = plan && !options.noCache ? pipCacheFile(env.cacheDir, spec) : undefined;
    return await runStep(log, 'container', () =>
      withContainer(backend, {image: provisioned.image, arch: spec.arch, build: spec.name, network: options.network, removeInBackground: env.root.child({build: spec.name})}, ctx, async (container: Container) => {
        await runStep(log, 'source', async () => {
          await backend.copyIn(container, source.tar, CONTAINER_PATHS.src, ctx);
          await source.cleanup();
        });
        if (pipCache) await runStep(log, 'cache', () => pipCacheIn(backend, container, pipCache, ctx));
        const files = lock ? lockFiles(lock) : {};
        const owners = ownersKnownBeforeScript(spec, plan !== undefined) ? lookupLibraryOwners(backend, container, ctx) : undefined;
        owners?.catch(() => undefined); // awaited by the package step; a failure must not go unhandled meanwhile
        const facts = await runBuildScript(backend, container, script, {...ctx, sourceDateEpoch: sde.value, env: plan ? pipEnv(pipCache !== undefined) : {}, files}).catch(
          async (error: unknown) => {
            await owners?.catch(() => undefined);
            throw await explainContainerGone(backend, container, ctx, error);
          },
        );
        if (pipCache && facts.pipCacheUnchanged) log.debug("pip's cache is as it was copied in: not copied back out");
        const savePipCache = pipCache && !facts.pipCacheUnchanged;
        // pip's cache is saved while the package is written: neither needs the other.
        const [saved, packaged] = await Promise.allSettled([
          savePipCache && runStep(log, 'cache', () => pipCacheOut(backend, container, pipCache, ctx)),
          runStep(log, 'package', () =>
            packageTree(spec, {backend, container, outputDir: options.outputDir, sourceDateEpoch: sde.value, project, deployFacts: facts.deploy, libraryOwners: owners, claims: env.claims, signing: options.signing}, ctx),
          ),
        ]);
        if (packaged.status === 'rejected') throw packaged.reason;
        if (saved.status === 'rejected') throw saved.reason;
        return {...packaged.value, cache: provisioned.report};
      }),
    );
  } finally {
    await source.cleanup();
  }
}

/** The build's lock, resolved from its source, its warnings logged. */
async function lockFor(spec: BuildSpec, read: (path: string) => Promise<string | undefined>, log: Logger): Promise<ResolvedLock | undefined> {
  const lock = await resolveLock(spec, read);
  if (!lock) {
    if (spec.lock_file === 'auto') log.debug('no lock file found: installing requirements_path as before');
    return undefined;
  }
  for (const warning of lock.warnings) log.warn(`${lock.file}: ${warning}`);
  log.info(`lock: ${lock.file} (${lock.tool}), ${lock.packages.length} packages in the runtime set`);
  return lock;
}

/** The lock's requirement files, named as CONTAINER_PATHS has them beside the script. */
function lockFiles(lock: ResolvedLock): Record<string, string> {
  return {
    ...(lock.hashed ? {[basename(CONTAINER_PATHS.lockHashed)]: lock.hashed} : {}),
    ...(lock.unhashed ? {[basename(CONTAINER_PATHS.lockUnhashed)]: lock.unhashed} : {}),
  };
}

/**
 * A script that failed because its container went away (removed or stopped
 * from outside: another tool, a `clean --all`, the engine restarting) is told
 * apart from one that failed on its own, naming the engine.
 */
async function explainContainerGone(backend: Backend, container: Container, ctx: RunContext, error: unknown): Promise<unknown> {
  if (ctx.signal?.aborted || !(error instanceof StepFailure)) return error;
  const listed = await backend.listLabelled({log: ctx.log}).catch(() => undefined);
  if (!listed || listed.some((c) => c.id === container.id || c.name === container.name)) return error;
  return new StepFailure(
    error.step,
    new VdistError(`the ${backend.name} container ${container.name} was removed from outside while the build script ran (${error.message})`, {code: 'CONTAINER_GONE'}),
  );
}

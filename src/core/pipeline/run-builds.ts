import {cpus} from 'node:os';
import pMap from 'p-map';
import {selectBackend} from '../../backends/registry.js';
import {settleRemovals} from '../../backends/removals.js';
import type {Logger} from '../log.js';
import {selectBuilds} from './plan.js';
import type {LoadedConfig} from '../types.js';
import {vdistCacheDir, usedDir} from '../cache/dirs.js';
import {ImageCache} from '../cache/image-cache.js';
import {parseAge, DEFAULT_CACHE_MAX_AGE} from '../cache/max-age.js';
import {RegistryCache} from '../cache/registry-cache.js';
import {exportCache, importCache} from '../cache/cache-dir.js';
import {describeError} from '../script/step.js';
import {OutputClaims} from '../output-file.js';
import {reapOrphans} from '../reaper/reaper.js';
import {assertEmulation} from '../doctor/emulation.js';
import {buildOne} from './build-one.js';
import {provisionInContainer} from './provision.js';
import type {BuildOutcome, BuildRunOptions} from './outcome.js';

/**
 * Runs every selected build, at most `jobs` at once (p-map). One failing
 * build does not stop the others: each ends as a BuildOutcome, in the
 * config's order; an interrupted run ends with `interrupted` outcomes.
 * Throws only when no engine is usable (every build would fail the same way).
 */
export async function runBuilds(config: LoadedConfig, options: BuildRunOptions, log: Logger): Promise<BuildOutcome[]> {
  const builds = selectBuilds(config.builds, options.only);
  assertEmulation(builds.map((b) => b.arch), {binfmtDir: options.binfmtDir});
  const env = options.env ?? process.env;
  const {backend, probe, via} = await selectBackend({flag: options.backend, log, signal: options.signal, env, isolation: options.isolation});
  log.info(`backend ${backend.name}${probe.version ? ` ${probe.version}` : ''}${probe.rootless ? ' (rootless)' : ''}, chosen by ${via}`);
  await reapOrphans(backend, options.outputDir, log);
  const jobs = Math.max(1, options.jobs || cpus().length);
  const cacheDir = vdistCacheDir(env);
  const cache = new ImageCache(backend, {
    maxAgeMs: options.cacheMaxAgeMs ?? parseAge(DEFAULT_CACHE_MAX_AGE)!,
    refresh: options.noCache ?? false,
    provision: provisionInContainer(backend, options.network),
    usedDir: usedDir(cacheDir),
    ...(options.cacheRegistry ? {registry: new RegistryCache(backend, options.cacheRegistry)} : {}),
  });
  // A cache directory that cannot be read or written costs a warning, as a failing registry does.
  const withCacheDir = async (what: string, work: (dir: string) => Promise<unknown>) => {
    if (!options.cacheDir || options.signal.aborted) return;
    try {
      await work(options.cacheDir);
    } catch (error) {
      if (options.signal.aborted) throw error;
      log.warn(`--cache-dir ${options.cacheDir}: ${what} failed: ${describeError(error).split('\n')[0]}`);
    }
  };
  await withCacheDir('import', (dir) => importCache(backend, dir, cacheDir, {log, signal: options.signal}));
  const claims = new OutputClaims();
  // The caller owns Ctrl-C (installInterruptHandlers in src/core/interrupt.ts):
  // it must keep a listener registered (process.on, not once), or execa's
  // signal-exit re-raises the signal and vdist dies before removing containers.
  try {
    const outcomes = await pMap(
      builds,
      (spec) =>
        options.signal.aborted
          ? {status: 'interrupted' as const, build: spec.name, profile: spec.profile.name, arch: spec.arch, durationMs: 0}
          : buildOne(spec, {backend, options, root: log, env, cache, cacheDir, claims}),
      {concurrency: jobs},
    );
    await withCacheDir('export', (dir) => exportCache(backend, builds, dir, cacheDir, {log}));
    return outcomes;
  } finally {
    // Build containers are removed in the background (see build-one.ts); none may outlive the run.
    await settleRemovals();
  }
}


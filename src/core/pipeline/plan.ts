import {resolve} from 'node:path';
import {closest} from 'fastest-levenshtein';
import {fpmCommandFor} from './packagers.js';
import type {BuildRunOptions} from './outcome.js';
import {describeCache} from './summary.js';
import {DEFAULT_CACHE_MAX_AGE, parseAge} from '../cache/max-age.js';
import type {CachePreview} from '../cache/peek.js';
import {registrySettings} from '../cache/registry-settings.js';
import {UsageError} from '../errors.js';
import {renderColumns} from '../profiles/render.js';
import {lockExtras, resolveLock, type ResolvedLock} from '../lock/index.js';
import {redact} from '../redact.js';
import {sourceDate, sourceFileReader} from '../source/read-source-file.js';
import {chooseSourceDateEpoch, describeSourceDateEpoch, type SourceDateEpoch} from './source-date-epoch.js';
import {buildTemplateContext} from '../template/build-context.js';
import {renderTemplateFile} from '../template/render.js';
import type {BackendName, BuildSpec, PackageFormat, PackagerKind, ToolSettings} from '../types.js';

/** One build as `vdist build --dry-run` shows it. */
export interface PlannedBuild {
  name: string;
  profile: string;
  image: string;
  format: PackageFormat;
  packager: PackagerKind;
  script_path: string;
  /** The rendered build script (secrets redacted). */
  script: string;
  /** The lock the build installs from: file, tool and how many packages (dry run; undefined when none or not read). */
  lock?: {file: string; tool: string; packages: number};
  /** The date the packages would carry and where it comes from (dry run; undefined for a `git` source until it is cloned). */
  source_date_epoch?: SourceDateEpoch;
  /** The provisioned-image cache: each level's key and whether it would hit (dry run only). */
  cache?: CachePreview;
}

/** The builds `--only` selects (all when empty). An unknown name is a usage error naming the closest one. */
export function selectBuilds(builds: readonly BuildSpec[], only: readonly string[]): BuildSpec[] {
  if (only.length === 0) return [...builds];
  const names = builds.map((b) => b.name);
  // `--only NAME --arch arm64` still finds NAME's build, now named NAME-arm64.
  const picked = (b: BuildSpec) => only.some((name) => b.name === name || b.name === `${name}-${b.arch}`);
  for (const name of only) {
    if (!builds.some((b) => b.name === name || b.name === `${name}-${b.arch}`)) {
      throw new UsageError(`--only ${name}: no build has that name. Builds: ${names.join(', ')}`, {
        suggestions: [`vdist build --only ${JSON.stringify(closest(name, names))}`],
      });
    }
  }
  return builds.filter(picked);
}

/**
 * Renders each build's script without touching any container engine. An fpm
 * build's script gets the fpm argv the real build would run; `sourceDateEpoch`
 * (the real build takes it from the source) defaults to SOURCE_DATE_EPOCH, else now.
 */
export function planBuilds(
  builds: readonly BuildSpec[],
  sourceDateEpoch = defaultEpoch(),
  locks: ReadonlyArray<ResolvedLock | undefined> = [],
  dates: ReadonlyArray<SourceDateEpoch | undefined> = [],
): PlannedBuild[] {
  return builds.map((b, i) => {
    const lock = locks[i];
    const date = dates[i];
    const extras = {...(b.packager === 'fpm' ? {fpm_command: fpmCommandFor(b, date?.value ?? sourceDateEpoch)} : {}), ...lockExtras(lock)};
    return {
      name: b.name,
      profile: b.profile.name,
      image: b.profile.image,
      format: b.profile.format,
      packager: b.packager,
      script_path: b.profile.script_path,
      script: redact(renderTemplateFile(b.profile.script_path, buildTemplateContext(b, extras))),
      ...(lock ? {lock: {file: lock.file, tool: lock.tool, packages: lock.packages.length}} : {}),
      ...(date ? {source_date_epoch: date} : {}),
    };
  });
}

/**
 * Each build's lock, read from its source as the build would (a `git` source,
 * which needs a clone, is left to the build). A bad lock throws its LockError (exit 2).
 */
export async function previewLocks(builds: readonly BuildSpec[]): Promise<Array<ResolvedLock | undefined>> {
  return Promise.all(
    builds.map(async (b) => {
      const read = await sourceFileReader(b.source);
      return read ? resolveLock(b, read) : undefined;
    }),
  );
}

/**
 * The date each build's packages would carry, chosen as the build chooses it
 * (see chooseSourceDateEpoch): a directory is walked (no file read), a
 * git_directory's branch asked for its commit time. A `git` source, which
 * needs a clone, is undefined unless the environment sets SOURCE_DATE_EPOCH.
 */
export async function previewDates(builds: readonly BuildSpec[], env: Record<string, string | undefined>, outputDir?: string): Promise<Array<SourceDateEpoch | undefined>> {
  return Promise.all(
    builds.map(async (b) => {
      const fromEnv = chooseSourceDateEpoch(env);
      if (fromEnv.origin === 'SOURCE_DATE_EPOCH') return fromEnv;
      if (b.source.kind === 'git') return undefined;
      return chooseSourceDateEpoch(env, await sourceDate(b.source, outputDir));
    }),
  );
}

/** The plan as text: a table, then each rendered script under a header line. */
export function renderPlan(plan: readonly PlannedBuild[]): string {
  const table = renderColumns([
    ['BUILD', 'PROFILE', 'IMAGE', 'FORMAT', 'PACKAGER', 'CACHE'],
    ...plan.map((p) => [p.name, p.profile, p.image, p.format, p.packager, p.cache?.status === 'unknown' ? 'unknown' : describeCache(p.cache)]),
  ]);
  const scripts = plan.map((p) => `==> ${p.name}: ${p.script_path}\n${dateLine(p)}${lockLine(p)}${cacheLines(p.cache)}${p.script.trimEnd()}`);
  return [table, ...scripts].join('\n\n');
}

function dateLine(p: PlannedBuild): string {
  const date = p.source_date_epoch ? describeSourceDateEpoch(p.source_date_epoch) : "the git commit's time, known once the source is cloned";
  return `# SOURCE_DATE_EPOCH: ${date}\n`;
}

function lockLine(p: PlannedBuild): string {
  return p.lock ? `# lock: ${p.lock.file} (${p.lock.tool}), ${p.lock.packages} packages, hashes enforced\n` : '';
}

function cacheLines(cache: CachePreview | undefined): string {
  if (!cache) return '';
  if (cache.status === 'unknown') return `# cache: unknown (${cache.reason})\n`;
  if (cache.status === 'off') return '# cache: off (the script has no #### stage: lines)\n';
  return cache.levels.map((l) => `# cache: ${l.level} level ${l.key ? `${l.reference} ` : '(key known once the level below exists) '}${l.status}\n`).join('');
}

/** The `vdist build` flags that override `[vdist]`. */
export interface BuildFlagOverrides {
  only?: string[];
  jobs?: number;
  output?: string;
  backend?: BackendName;
  network?: string;
  isolation?: 'chroot' | 'oci';
  smoke?: boolean;
  'no-cache'?: boolean;
  timeout?: string;
  'cache-registry'?: string;
  'cache-push'?: boolean;
  'cache-dir'?: string;
}

/** Flags over `[vdist]` over defaults: what runBuilds() gets. A relative --output is relative to the current dir. */
export function buildRunOptions(settings: ToolSettings, flags: BuildFlagOverrides, signal: AbortSignal): BuildRunOptions {
  const options: BuildRunOptions = {
    only: flags.only ?? [],
    jobs: flags.jobs ?? settings.jobs,
    outputDir: flags.output ? resolve(flags.output) : settings.output_dir,
    smoke: flags.smoke ?? false,
    noCache: flags['no-cache'] ?? false,
    cacheMaxAgeMs: parseAge(settings.cache_max_age ?? DEFAULT_CACHE_MAX_AGE),
    signal,
  };
  const backend = flags.backend ?? settings.backend;
  const network = flags.network ?? settings.network;
  const isolation = flags.isolation ?? settings.isolation;
  const timeout = flags.timeout ?? settings.timeout;
  if (timeout !== undefined) options.timeoutMs = parseTimeout(timeout);
  if (backend) options.backend = backend;
  if (network) options.network = network;
  if (isolation) options.isolation = isolation;
  const registry = registrySettings(settings, flags);
  if (registry) options.cacheRegistry = registry;
  if (flags['cache-dir']) options.cacheDir = resolve(flags['cache-dir']);
  return options;
}

function defaultEpoch(): number {
  const fromEnv = Number(process.env.SOURCE_DATE_EPOCH);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Date.now() / 1000);
}

/** `--timeout` / `[vdist] timeout` ("90s", "30m", "2h") in ms; a UsageError (exit 2) for anything else. */
export function parseTimeout(text: string): number {
  const ms = parseAge(text);
  if (!ms) throw new UsageError(`--timeout "${text}" is not a duration: expected e.g. "90s", "30m" or "2h"`);
  return ms;
}

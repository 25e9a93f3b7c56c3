import {createHash} from 'node:crypto';
import {posix} from 'node:path';
import {redact} from '../redact.js';
import {buildTemplateContext, type ContextExtras} from '../template/build-context.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import {renderTemplateFile} from '../template/render.js';
import type {Arch} from '../arch.js';
import type {BuildSpec} from '../types.js';
import {CACHE_LEVELS, type CacheLevelName} from './levels.js';
import {hasStage, splitStages, stageScript, type StagedScript} from './stages.js';

/** Bumped when what a key covers changes, so old entries stop matching. */
const KEY_FORMAT = 1;

export type {CacheLevelName} from './levels.js';

/** One cached level of a build, before its key is known (that needs the parent image's ID). */
export interface CacheLevel {
  level: CacheLevelName;
  /** The script that provisions this level. It may hold a credential (e.g. in python_url): never stored. */
  script: string;
  /** What the key hashes, besides the parent image's ID: the script, secrets redacted. */
  keyText: string;
  /** What went in, for the image's labels and `vdist cache list`. Never a credential. */
  inputs: Record<string, unknown>;
}

/** A build's script split for the cache: the levels to provision, then the build stage. */
export interface CachePlan {
  levels: CacheLevel[];
  /** The build stage alone, rendered with every real value. */
  buildScript: string;
}

/**
 * Values the provision stages must not depend on: they are replaced by fixed
 * ones when those stages are rendered, so a new version, source, pip_args
 * or project directory reuses the cached image.
 */
const BUILD_ONLY: Record<string, unknown> = {
  name: '',
  version: '0',
  pip_args: [],
  fpm_args: [],
  fpm_command: [],
  runtime_deps: [],
  custom_filename: '',
  smoke_command: '',
  before_install: '',
  after_install: '',
  before_remove: '',
  after_remove: '',
  before_upgrade: '',
  after_upgrade: '',
  config_dir: '',
  working_dir: '',
  requirements_path: 'requirements.txt',
  app_dir: CONTAINER_PATHS.src,
  requirements_file: posix.join(CONTAINER_PATHS.src, 'requirements.txt'),
  packager: 'native',
  auto_runtime_deps: true,
  python_keep: [],
  lock_file: 'auto',
  groups: [],
  extras: [],
  allow_unhashed: false,
  strict_lock: false,
  lock_requirements: '',
  lock_unhashed: '',
  lock_source: '',
};

/** The template context of the provision stages: the build's, with BUILD_ONLY values fixed. */
export function provisionContext(spec: BuildSpec): Record<string, unknown> {
  const ctx: Record<string, unknown> = {...buildTemplateContext(spec)};
  for (const [key, value] of Object.entries(BUILD_ONLY)) if (key in ctx) ctx[key] = value;
  return ctx;
}

function render(spec: BuildSpec, context: object): StagedScript | undefined {
  return splitStages(renderTemplateFile(spec.profile.script_path, context), spec.profile.script_path);
}

/**
 * Splits a build's script into its cached levels and its build stage.
 * Undefined when the script has no stages (a user's script without
 * `#### stage:` lines): that build runs its whole script, uncached.
 */
export function planCache(spec: BuildSpec, extras: ContextExtras = {}): CachePlan | undefined {
  const full = render(spec, buildTemplateContext(spec, extras));
  if (!full) return undefined;
  const provision = provisionContext(spec);
  const keyContext = withoutMirror(provision);
  const withAll = render(spec, provision)!;
  // The lowest level always exists; a higher one only where the script has its stage, else it folds into the one below.
  const present = CACHE_LEVELS.filter((row, i) => i === 0 || hasStage(withAll, row.stage));
  const levels: CacheLevel[] = [];
  present.forEach((row, k) => {
    const next = present[k + 1];
    const folded = CACHE_LEVELS.slice(CACHE_LEVELS.indexOf(row), next ? CACHE_LEVELS.indexOf(next) : undefined);
    if (k > 0 && !row.needed(spec)) return;
    // Values the levels above own are emptied here: changing build_deps must not recompile CPython.
    const blank = Object.assign({}, ...present.slice(k + 1).map((above) => above.own)) as Record<string, unknown>;
    const stages = folded.map((f) => f.stage);
    const scriptOf = (context: Record<string, unknown>) => stageScript(render(spec, {...context, ...blank})!, stages);
    const script = scriptOf(provision);
    levels.push({
      level: row.name,
      script,
      keyText: redact(row.mirrorFree && keyContext !== provision ? scriptOf(keyContext) : script),
      inputs: Object.assign({}, ...folded.map((f) => f.inputs(spec, provision))) as Record<string, unknown>,
    });
  });
  return {levels, buildScript: stageScript(full, ['build'])};
}

/**
 * The mirror says where CPython's tarball comes from, not what it is: its
 * sha256 is checked, so any mirror (a CI runner's own, a test's loopback
 * port) gives the same interpreter. A key names the digest instead, and
 * moving to another mirror reuses the compiled CPython.
 */
function withoutMirror(context: Record<string, unknown>): Record<string, unknown> {
  const sha256 = context.python_sha256;
  if (typeof sha256 !== 'string' || sha256 === '') return context;
  return {...context, python_mirror: 'mirror', python_url: `Python-${String(context.compile_python_version)}.tgz (sha256 ${sha256})`};
}

/** The key of a level: a hash of its parent image's ID (the base image, or the level below) and its script. */
export function levelKey(parentImageId: string, level: CacheLevel, arch: Arch = 'amd64'): string {
  const hash = createHash('sha256');
  // amd64 keys stay what they were before builds had an arch, so the entries made then are still found.
  const archPart = arch === 'amd64' ? {} : {arch};
  hash.update(JSON.stringify({format: KEY_FORMAT, parent: parentImageId, level: level.level, script: level.keyText, ...archPart}));
  return hash.digest('hex').slice(0, 32);
}

/** `localhost/vdist-cache/{profile}`: the profile's name made safe as an image name. */
export function cacheRepository(profile: string): string {
  return `localhost/vdist-cache/${cacheImageName(profile)}`;
}

/** The profile's name made safe as the last part of an image name (also its name in a cache registry). */
export function cacheImageName(profile: string): string {
  return profile.toLowerCase().replaceAll(/[^a-z0-9._-]+/g, '-').replaceAll(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'profile';
}

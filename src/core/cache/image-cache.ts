import {mkdir, utimes, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {ImageEngine, ImageInfo, RunContext} from '../../backends/backend.js';
import {VdistError} from '../errors.js';
import type {BuildSpec} from '../types.js';
import {cacheRepository, levelKey, type CacheLevel, type CacheLevelName, type CachePlan} from './key.js';
import {cacheLabels} from './labels.js';
import type {RegistryCache} from './registry-cache.js';
import {temporaryReference} from './temporaries.js';

/** Whether a build's image came from the cache, level by level. */
export interface CacheReport {
  /** `hit`: every level reused; `miss`: at least one provisioned; `off`: the script has no stages. */
  status: 'hit' | 'miss' | 'off';
  levels: Array<{level: CacheLevelName; key: string; reference: string; status: 'hit' | 'miss'; source?: CacheSource}>;
}

/** Where a hit came from (`local`: this engine; `registry`: pulled), or where a miss went (`pushed`: to the registry). */
export type CacheSource = 'local' | 'registry' | 'pushed';

export interface ImageCacheOptions {
  /** Entries older than this are provisioned again; 0 = never reuse an entry. */
  maxAgeMs: number;
  /** `--no-cache`: provision every level and replace its entry. */
  refresh: boolean;
  /** How a level that misses is made; without it the cache only looks levels up (`--dry-run`). */
  provision?: Provision;
  /** Where the last use of each image is recorded (a file per image ID, its mtime the time). */
  usedDir: string;
  now?: () => Date;
  /** The registry the levels are shared through (`cache_registry`); none: this engine only. */
  registry?: RegistryCache;
}

/**
 * Makes one cache level: runs its script in a container started from `from`
 * (labelled `labels`) and commits that container as `temporary`. The cache
 * itself needs only an engine's images; the pipeline gives it this
 * (src/core/pipeline/provision.ts).
 */
export type Provision = (request: ProvisionRequest, ctx: RunContext) => Promise<void>;

export interface ProvisionRequest {
  spec: BuildSpec;
  from: string;
  script: string;
  labels: Record<string, string>;
  temporary: string;
  /** Called just before the commit starts: from then on `temporary` may exist and is removed afterwards. */
  committing(): void;
}

interface LevelResult {
  id: string;
  status: 'hit' | 'miss';
  source?: CacheSource;
}

/**
 * The provisioned-image cache of one run, in the run's engine. Each level is
 * an image `localhost/vdist-cache/{profile}:{key}`; a miss provisions it in a
 * container, commits that under a temporary name and only then tags it with
 * the final one, so nobody sees a half-provisioned image. Builds of one run
 * that share a key provision once. Two processes racing on a key both
 * provision and both succeed; the later tag wins, and the image it replaced
 * is removed once unused (or by `vdist cache prune`).
 */
export class ImageCache {
  private readonly pending = new Map<string, Promise<LevelResult>>();

  constructor(
    private readonly backend: ImageEngine,
    private readonly options: ImageCacheOptions,
  ) {}

  /** Looks each level up without provisioning anything (for `--dry-run`). */
  async peek(spec: BuildSpec, plan: CachePlan, ctx: RunContext): Promise<CacheReport> {
    const levels: CacheReport['levels'] = [];
    let parent = await this.baseImageId(spec, ctx);
    for (const level of plan.levels) {
      const key = parent ? levelKey(parent, level, spec.arch) : '';
      const reference = key ? `${cacheRepository(spec.profile.name)}:${key}` : '';
      const found = reference ? await this.backend.inspectImage(reference, ctx) : undefined;
      if (found !== undefined && this.usable(found)) {
        levels.push({level: level.level, key, reference, status: 'hit', ...(this.options.registry ? {source: 'local' as const} : {})});
        parent = found.id;
        continue;
      }
      // Asked, not pulled: the manifest names the ID the level would have, which the next level's key needs.
      const remote = key && !found && !this.options.refresh ? await this.options.registry?.peek({profile: spec.profile.name, level: level.level, key}, ctx) : undefined;
      levels.push({level: level.level, key, reference, status: remote?.found ? 'hit' : 'miss', ...(remote?.found ? {source: 'registry' as const} : {})});
      parent = remote?.found ? remote.id : undefined;
    }
    return {status: levels.every((l) => l.status === 'hit') ? 'hit' : 'miss', levels};
  }

  /** The image `spec`'s build stage starts from, provisioning each level that misses. */
  async imageFor(spec: BuildSpec, plan: CachePlan, ctx: RunContext): Promise<{image: string; report: CacheReport}> {
    let parent = await this.baseImageId(spec, ctx);
    if (!parent) throw new VdistError(`image ${spec.profile.image} is not present`, {code: 'IMAGE_MISSING'});
    let from = spec.profile.image;
    const levels: CacheReport['levels'] = [];
    for (const level of plan.levels) {
      const key = levelKey(parent, level, spec.arch);
      const reference = `${cacheRepository(spec.profile.name)}:${key}`;
      const result = await this.level(spec, level, {key, reference, from, parent}, ctx);
      const where = result.source === 'registry' ? ' (pulled from the registry)' : result.source === 'pushed' ? ' (pushed to the registry)' : '';
      ctx.log.info({cache: result.status, level: level.level, key, source: result.source}, `cache ${result.status}: ${level.level} level ${reference}${where}`);
      levels.push({level: level.level, key, reference, status: result.status, ...(result.source ? {source: result.source} : {})});
      await this.markUsed(result.id);
      parent = result.id;
      from = reference;
    }
    return {image: from, report: {status: levels.every((l) => l.status === 'hit') ? 'hit' : 'miss', levels}};
  }

  private async baseImageId(spec: BuildSpec, ctx: RunContext): Promise<string | undefined> {
    return (await this.backend.inspectImage(spec.profile.image, ctx))?.id;
  }

  private usable(image: ImageInfo): boolean {
    if (this.options.refresh || this.options.maxAgeMs === 0) return false;
    if (!image.created) return true;
    return this.now().getTime() - image.created.getTime() < this.options.maxAgeMs;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** One level: reused, shared with a build of this run that has the same key, or provisioned. */
  private async level(spec: BuildSpec, level: CacheLevel, at: {key: string; reference: string; from: string; parent: string}, ctx: RunContext): Promise<LevelResult> {
    const shared = this.pending.get(at.reference);
    if (shared) return {...(await shared), status: 'hit'};
    const work = (async (): Promise<LevelResult> => {
      const {registry} = this.options;
      const entry = {profile: spec.profile.name, level: level.level, key: at.key, local: at.reference};
      let found = await this.backend.inspectImage(at.reference, ctx);
      if (found && this.usable(found)) {
        // A runner that keeps its engine pushes what it already has, so the registry fills even without misses.
        await registry?.publish(entry, ctx);
        return {id: found.id, status: 'hit', source: registry ? 'local' : undefined};
      }
      if (!found && registry && !this.options.refresh) {
        found = await registry.fetch(entry, ctx);
        if (found && this.usable(found)) return {id: found.id, status: 'hit', source: 'registry'};
      }
      if (found && !this.options.refresh && this.options.maxAgeMs > 0) ctx.log.info(`cache entry ${at.reference} is older than cache_max_age: provisioning it again`);
      const id = await this.provision(spec, level, at, found, ctx);
      const pushed = registry ? await registry.publish(entry, ctx) : 'skipped';
      return {id, status: 'miss', source: pushed === 'pushed' ? 'pushed' : undefined};
    })();
    this.pending.set(at.reference, work);
    try {
      return await work;
    } catch (error) {
      this.pending.delete(at.reference);
      throw error;
    }
  }

  private async provision(
    spec: BuildSpec,
    level: CacheLevel,
    at: {key: string; reference: string; from: string; parent: string},
    previous: ImageInfo | undefined,
    ctx: RunContext,
  ): Promise<string> {
    const {backend} = this;
    const temporary = temporaryReference(spec.profile.name, at.key);
    const labels = cacheLabels({profile: spec.profile.name, key: at.key, level: level.level, parent: at.parent, inputs: level.inputs, created: this.now()});
    ctx.log.info(`provisioning the ${level.level} level (${at.reference})`);
    const {provision} = this.options;
    if (!provision) throw new VdistError(`the cache level ${at.reference} is missing and this cache only looks levels up`, {code: 'CACHE'});
    let committed = false;
    try {
      await provision({spec, from: at.from, script: level.script, labels, temporary, committing: () => (committed = true)}, ctx);
      await backend.tagImage(temporary, at.reference, ctx);
      const made = await backend.inspectImage(at.reference, ctx);
      if (!made) throw new VdistError(`the cache image ${at.reference} vanished right after it was tagged`, {code: 'CACHE'});
      // The entry it replaced: removed unless a container or another level still uses it.
      if (previous && previous.id !== made.id) await backend.removeImage(previous.id, {log: ctx.log});
      return made.id;
    } finally {
      if (committed) await backend.removeImage(temporary, {log: ctx.log});
    }
  }

  private async markUsed(id: string): Promise<void> {
    try {
      await mkdir(this.options.usedDir, {recursive: true});
      const file = join(this.options.usedDir, id);
      const now = this.now();
      await writeFile(file, '');
      await utimes(file, now, now);
    } catch {
      // Only `vdist cache list`'s "last used" column depends on it.
    }
  }
}

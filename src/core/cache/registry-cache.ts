import type {Backend, ImageInfo, RunContext} from '../../backends/backend.js';
import type {TransferOptions} from '../../backends/image-transfer.js';
import type {CacheLevelName} from './key.js';
import {cacheImageName} from './key.js';
import {CACHE_LABEL} from './labels.js';

/** `[vdist] cache_registry`, `cache_push`, `cache_registry_insecure` with the flags merged over them. */
export interface RegistrySettings {
  /** `host[:port]/path`: a level lives at `{reference}/{profile}:{key}`. */
  reference: string;
  /** Push the levels this run provisions (`cache_push = "always"`). */
  push: boolean;
  /** Plain HTTP or an unverified certificate (`cache_registry_insecure = true`). */
  insecure: boolean;
  /** Longest a lookup may take (default 30 s): what a registry that hangs costs before the warning. */
  lookupTimeoutMs?: number;
  /** Longest one pull or push may take (default 15 min). */
  transferTimeoutMs?: number;
}

/** One level, as the registry side of the cache sees it. */
export interface RegistryEntry {
  profile: string;
  level: CacheLevelName;
  key: string;
  /** Its local name, `localhost/vdist-cache/{profile}:{key}`. */
  local: string;
}

const LOOKUP_MS = 30_000;
const TRANSFER_MS = 15 * 60_000;

/**
 * The registry half of the provisioned-image cache: a level missing here is
 * pulled from the registry under its content-key tag, and a level this run
 * provisioned is pushed there, once. Every failure of the registry
 * (unreachable, refused login, a server error, a timeout) is one warning,
 * after which the run builds without the registry: never a failed build.
 * Credentials are the engine's own login; none passes through vdist.
 */
export class RegistryCache {
  /** Why the registry is left alone for the rest of the run. */
  private unusable: string | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly settings: RegistrySettings,
  ) {}

  /** Where `entry` lives in the registry. */
  remoteReference(entry: Pick<RegistryEntry, 'profile' | 'key'>): string {
    return `${this.settings.reference.replace(/\/+$/, '')}/${cacheImageName(entry.profile)}:${entry.key}`;
  }

  /**
   * The level from the registry, now present locally under `entry.local`;
   * undefined when the registry does not hold it, holds an image whose labels
   * name another key (refused, with a warning), or cannot be used.
   */
  async fetch(entry: RegistryEntry, ctx: RunContext): Promise<ImageInfo | undefined> {
    if (this.unusable) return undefined;
    const remote = this.remoteReference(entry);
    const found = await this.backend.remoteImageExists(remote, ctx, this.options(LOOKUP_MS, this.settings.lookupTimeoutMs));
    if ('failed' in found) return this.giveUp(`could not be asked for ${remote}`, found.failed, ctx);
    if (!found.found) {
      ctx.log.info(`cache registry miss: ${entry.level} level ${remote}`);
      return undefined;
    }
    ctx.log.info(`pulling the ${entry.level} level from ${remote}`);
    const pulled = await this.backend.pullImage(remote, ctx, this.options(TRANSFER_MS, this.settings.transferTimeoutMs));
    if (!pulled.ok) return this.giveUp(`could not pull ${remote}`, pulled.reason, ctx);
    const image = await this.backend.inspectImage(remote, ctx);
    const named = image?.labels[CACHE_LABEL];
    const level = image?.labels[`${CACHE_LABEL}.level`];
    if (!image || named !== entry.key || level !== entry.level) {
      // Only a matching key makes the level the one asked for; anything else (a tag pushed by hand, by a mistake or on purpose) is left out.
      ctx.log.warn(`refused ${remote}: its labels name the ${level ?? 'unknown'} level with key ${named ?? '(none)'}, not the ${entry.level} level with key ${entry.key}; provisioning it here`);
      await this.backend.removeImage(remote, {log: ctx.log});
      return undefined;
    }
    await this.backend.tagImage(remote, entry.local, ctx);
    // One local name per entry, as if it had been provisioned here.
    await this.backend.removeImage(remote, {log: ctx.log});
    return {...image, references: [entry.local]};
  }

  /** Whether the registry holds `entry` (asked, not pulled) and the ID it would have; undefined when the registry cannot be used. */
  async peek(entry: Omit<RegistryEntry, 'local'>, ctx: RunContext): Promise<{found: boolean; id?: string} | undefined> {
    if (this.unusable) return undefined;
    const remote = this.remoteReference(entry);
    const found = await this.backend.remoteImageExists(remote, ctx, this.options(LOOKUP_MS, this.settings.lookupTimeoutMs));
    if ('failed' in found) return this.giveUp(`could not be asked for ${remote}`, found.failed, ctx);
    return found;
  }

  /** Pushes a level this run provisioned, when pushing is on and the registry does not hold its tag yet (tags are written once). */
  async publish(entry: RegistryEntry, ctx: RunContext): Promise<'pushed' | 'present' | 'skipped'> {
    if (!this.settings.push || this.unusable) return 'skipped';
    const remote = this.remoteReference(entry);
    const found = await this.backend.remoteImageExists(remote, ctx, this.options(LOOKUP_MS, this.settings.lookupTimeoutMs));
    if ('failed' in found) return this.giveUp(`could not be asked for ${remote}`, found.failed, ctx) ?? 'skipped';
    if (found.found) {
      ctx.log.info(`cache registry already holds ${remote}: not pushed again (entries are written once)`);
      return 'present';
    }
    ctx.log.info(`pushing the ${entry.level} level to ${remote}`);
    const pushed = await this.backend.pushImage(entry.local, remote, ctx, this.options(TRANSFER_MS, this.settings.transferTimeoutMs));
    if (!pushed.ok) return this.giveUp(`could not take ${remote}`, pushed.reason, ctx) ?? 'skipped';
    return 'pushed';
  }

  private options(fallback: number, given: number | undefined): TransferOptions {
    return {tlsVerify: !this.settings.insecure, timeoutMs: given ?? fallback};
  }

  /** The one warning of a run whose registry fails; later levels and builds go without it. */
  private giveUp(what: string, reason: string, ctx: RunContext): undefined {
    if (ctx.signal?.aborted) return undefined;
    if (this.unusable === undefined) {
      this.unusable = reason;
      ctx.log.warn(`cache registry ${this.settings.reference} ${what}: ${reason}. This run builds without the registry.`);
    }
    return undefined;
  }
}

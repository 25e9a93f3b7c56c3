import {Flags} from '@oclif/core';
import {BACKEND_NAMES, selectBackend} from '../../backends/registry.js';
import {BaseCommand} from '../../base-command.js';
import {vdistCacheDir} from '../../core/cache/dirs.js';
import {pruneCache} from '../../core/cache/entries.js';
import {DEFAULT_CACHE_MAX_AGE, parseAge} from '../../core/cache/max-age.js';
import {renderPrune} from '../../core/cache/render.js';
import {loadToolSettings} from '../../core/config/load.js';
import {UsageError} from '../../core/errors.js';

export default class CachePrune extends BaseCommand<typeof CachePrune> {
  static override summary = 'Remove provisioned images and pip caches: those older than --older-than (default: cache_max_age), or --all.';
  static override description = 'Entries a newer provisioning replaced are always removed. An image a container still uses stays.';
  static override examples = ['<%= config.bin %> cache prune', '<%= config.bin %> cache prune --older-than 2d', '<%= config.bin %> cache prune --all'];
  static override flags = {
    all: Flags.boolean({summary: 'Remove every entry, whatever its age.'}),
    'older-than': Flags.string({summary: 'Age such as 7d, 12h, 30m (default: [vdist] cache_max_age, else 7d).'}),
    profile: Flags.string({summary: "Only this profile's entries."}),
    backend: Flags.option({summary: 'Engine whose cache to prune (default: [vdist] backend, else the first that works).', options: BACKEND_NAMES})(),
  };

  public async run(): Promise<unknown> {
    const settings = loadToolSettings(this.flags.config);
    const age = this.flags['older-than'] ?? settings.cache_max_age ?? DEFAULT_CACHE_MAX_AGE;
    const olderThanMs = parseAge(age);
    if (olderThanMs === undefined) throw new UsageError(`--older-than ${age}: expected an age such as 7d, 12h, 30m or 0`);
    const {backend} = await selectBackend({flag: this.flags.backend, configured: settings.backend, log: this.log_});
    const report = await pruneCache(backend, vdistCacheDir(process.env), {all: this.flags.all, olderThanMs, profile: this.flags.profile}, {log: this.log_});
    if (!this.jsonEnabled()) this.log(renderPrune(report));
    return {backend: backend.name, ...report};
  }
}

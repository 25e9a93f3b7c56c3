import {Args, Flags} from '@oclif/core';
import {resolve} from 'node:path';
import {BACKEND_NAMES, selectBackend} from '../../backends/registry.js';
import {BaseCommand} from '../../base-command.js';
import {exportCache} from '../../core/cache/cache-dir.js';
import {vdistCacheDir} from '../../core/cache/dirs.js';
import {loadConfig} from '../../core/config/load.js';
import {selectBuilds} from '../../core/pipeline/plan.js';

export default class CacheExport extends BaseCommand<typeof CacheExport> {
  static override summary = "Write the provisioned images this vdist.toml's builds use, and pip's caches, to a directory a CI cache action keeps.";
  static override description = 'One archive per level under DIR/images (written once: its name is its key), pip caches under DIR/pip; files no build uses any more are removed.';
  static override examples = ['<%= config.bin %> cache export .vdist-cache'];
  static override args = {dir: Args.string({description: 'The cache directory.', required: true})};
  static override flags = {
    backend: Flags.option({summary: 'Engine whose images to export (default: [vdist] backend, else the first that works).', options: BACKEND_NAMES})(),
    only: Flags.string({summary: 'Only the levels of the build with this name (repeatable).', multiple: true}),
  };

  public async run(): Promise<unknown> {
    const config = loadConfig(this.flags.config, process.env);
    const {backend} = await selectBackend({flag: this.flags.backend, configured: config.settings.backend, log: this.log_});
    const report = await exportCache(backend, selectBuilds(config.builds, this.flags.only ?? []), resolve(this.args.dir), vdistCacheDir(process.env), {log: this.log_});
    if (!this.jsonEnabled()) this.log(`wrote ${report.written.length}, kept ${report.unchanged.length}, removed ${report.dropped.length} file(s) in ${this.args.dir}`);
    return {backend: backend.name, ...report};
  }
}

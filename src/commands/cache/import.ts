import {Args, Flags} from '@oclif/core';
import {resolve} from 'node:path';
import {BACKEND_NAMES, selectBackend} from '../../backends/registry.js';
import {BaseCommand} from '../../base-command.js';
import {importCache} from '../../core/cache/cache-dir.js';
import {vdistCacheDir} from '../../core/cache/dirs.js';
import {loadToolSettings} from '../../core/config/load.js';

export default class CacheImport extends BaseCommand<typeof CacheImport> {
  static override summary = 'Load the provisioned images and pip caches `vdist cache export` wrote to a directory.';
  static override examples = ['<%= config.bin %> cache import .vdist-cache'];
  static override args = {dir: Args.string({description: 'The cache directory.', required: true})};
  static override flags = {
    backend: Flags.option({summary: 'Engine to load the images into (default: [vdist] backend, else the first that works).', options: BACKEND_NAMES})(),
  };

  public async run(): Promise<unknown> {
    const settings = loadToolSettings(this.flags.config);
    const {backend} = await selectBackend({flag: this.flags.backend, configured: settings.backend, log: this.log_});
    const report = await importCache(backend, resolve(this.args.dir), vdistCacheDir(process.env), {log: this.log_});
    if (!this.jsonEnabled()) this.log(`loaded ${report.written.length}, already had ${report.unchanged.length} file(s) from ${this.args.dir}`);
    return {backend: backend.name, ...report};
  }
}

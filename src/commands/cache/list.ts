import {Flags} from '@oclif/core';
import {BACKEND_NAMES, selectBackend} from '../../backends/registry.js';
import {BaseCommand} from '../../base-command.js';
import {vdistCacheDir} from '../../core/cache/dirs.js';
import {listCacheEntries, listPipCaches} from '../../core/cache/entries.js';
import {renderCacheList} from '../../core/cache/render.js';
import {loadToolSettings} from '../../core/config/load.js';

export default class CacheList extends BaseCommand<typeof CacheList> {
  static override summary = "List the provisioned images in the engine's cache, and pip's caches on this host.";
  static override examples = ['<%= config.bin %> cache list', '<%= config.bin %> cache list --json --backend docker'];
  static override flags = {
    backend: Flags.option({summary: 'Engine whose cache to list (default: [vdist] backend, else the first that works).', options: BACKEND_NAMES})(),
  };

  public async run(): Promise<unknown> {
    const settings = loadToolSettings(this.flags.config);
    const {backend} = await selectBackend({flag: this.flags.backend, configured: settings.backend, log: this.log_});
    const cacheDir = vdistCacheDir(process.env);
    const images = await listCacheEntries(backend, cacheDir, {log: this.log_});
    const pip = await listPipCaches(cacheDir);
    if (!this.jsonEnabled()) this.log(renderCacheList(images, pip));
    return {backend: backend.name, images, pip};
  }
}

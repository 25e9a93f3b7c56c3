import {Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {cleanLabelled} from '../backends/clean.js';
import {BACKEND_NAMES} from '../backends/registry.js';

export default class Clean extends BaseCommand<typeof Clean> {
  static override summary = 'Remove every container vdist left behind (those carrying its label), in each available engine.';
  static override examples = ['<%= config.bin %> clean', '<%= config.bin %> clean --backend podman'];
  static override flags = {
    backend: Flags.option({summary: 'Only this engine.', options: BACKEND_NAMES})(),
  };

  public async run(): Promise<unknown> {
    const reports = await cleanLabelled(this.log_, this.flags.backend ? [this.flags.backend] : BACKEND_NAMES);
    if (!this.jsonEnabled()) {
      for (const r of reports) {
        const left = r.left.length ? `; still there: ${r.left.join(', ')}` : '';
        this.log(r.available ? `${r.engine}: removed ${r.removed.length}${r.removed.length ? ` (${r.removed.join(', ')})` : ''}${left}` : `${r.engine}: not available`);
      }
    }
    return reports;
  }
}

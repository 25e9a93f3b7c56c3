import {Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {cleanLabelled} from '../backends/clean.js';
import {BACKEND_NAMES} from '../backends/registry.js';

export default class Clean extends BaseCommand<typeof Clean> {
  static override summary = 'Remove the containers of vdist runs that are gone (their process died, or another host\'s, over an hour old), in each available engine.';
  static override description =
    'Containers of a build still running are left alone, and so are labelled containers without an owner (made by an older vdist). --all removes every container carrying the vdist label, running builds\' included.';
  static override examples = ['<%= config.bin %> clean', '<%= config.bin %> clean --backend podman', '<%= config.bin %> clean --all'];
  static override flags = {
    backend: Flags.option({summary: 'Only this engine.', options: BACKEND_NAMES})(),
    all: Flags.boolean({summary: 'Remove every labelled container, including those of builds still running.'}),
  };

  public async run(): Promise<unknown> {
    const reports = await cleanLabelled(this.log_, this.flags.backend ? [this.flags.backend] : BACKEND_NAMES, {}, {all: this.flags.all});
    if (!this.jsonEnabled()) {
      for (const r of reports) {
        const kept = r.kept.length ? `; kept ${r.kept.length} of live or unowned runs` : '';
        const left = r.left.length ? `; still there: ${r.left.join(', ')}` : '';
        this.log(r.available ? `${r.engine}: removed ${r.removed.length}${r.removed.length ? ` (${r.removed.join(', ')})` : ''}${kept}${left}` : `${r.engine}: not available`);
      }
    }
    return reports;
  }
}

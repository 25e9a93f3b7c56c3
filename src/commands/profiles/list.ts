import {BaseCommand} from '../../base-command.js';
import {loadToolSettings} from '../../core/config/load.js';
import {ProfileRegistry} from '../../core/profiles/registry.js';
import {renderColumns} from '../../core/profiles/render.js';

export default class ProfilesList extends BaseCommand<typeof ProfilesList> {
  static override summary = 'List the build profiles: built-ins and those in profiles_dir.';
  static override examples = ['<%= config.bin %> profiles list', '<%= config.bin %> profiles list --json'];

  public async run(): Promise<unknown> {
    const registry = ProfileRegistry.load(loadToolSettings(this.flags.config).profiles_dir);
    const profiles = registry.list();
    if (!this.jsonEnabled()) {
      this.log(renderColumns([['NAME', 'IMAGE', 'FORMAT', 'SCRIPT', 'ORIGIN'], ...profiles.map((p) => [p.name, p.image, p.format, p.script, p.origin])]));
    }
    return profiles;
  }
}

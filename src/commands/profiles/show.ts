import {Args} from '@oclif/core';
import {BaseCommand} from '../../base-command.js';
import {loadToolSettings} from '../../core/config/load.js';
import {UsageError} from '../../core/errors.js';
import {ProfileRegistry} from '../../core/profiles/registry.js';
import {renderProfile} from '../../core/profiles/render.js';

export default class ProfilesShow extends BaseCommand<typeof ProfilesShow> {
  static override summary = 'Show one resolved profile and the path of its script template.';
  static override examples = ['<%= config.bin %> profiles show debian-bookworm'];
  static override args = {name: Args.string({description: 'Profile name.', required: true})};

  public async run(): Promise<unknown> {
    const registry = ProfileRegistry.load(loadToolSettings(this.flags.config).profiles_dir);
    const found = registry.lookup(this.args.name);
    if (!found.ok) {
      throw new UsageError(found.message, {suggestions: found.suggestion ? [`vdist profiles show ${found.suggestion}`] : ['vdist profiles list']});
    }
    if (!this.jsonEnabled()) this.log(renderProfile(found.profile));
    return found.profile;
  }
}

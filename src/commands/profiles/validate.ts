import {BaseCommand} from '../../base-command.js';
import {loadToolSettings} from '../../core/config/load.js';
import {ConfigError} from '../../core/errors.js';
import {ProfileRegistry} from '../../core/profiles/registry.js';
import {checkProfile} from '../../core/template/validate-profile.js';

export default class ProfilesValidate extends BaseCommand<typeof ProfilesValidate> {
  static override summary = 'Check every profile: its image reference parses, its script exists and renders for a sample build.';
  static override examples = ['<%= config.bin %> profiles validate'];

  public async run(): Promise<unknown> {
    const registry = ProfileRegistry.load(loadToolSettings(this.flags.config).profiles_dir);
    const checks = registry.list().map((p) => checkProfile(p));
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      throw new ConfigError(failed.flatMap((c) => c.problems.map((message) => ({file: c.origin, key: c.name, message}))), {code: 'PROFILE'});
    }
    if (!this.jsonEnabled()) for (const c of checks) this.log(`ok  ${c.name}  (${c.origin})`);
    return checks;
  }
}

import {existsSync, writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {BaseCommand} from '../base-command.js';
import {detectProject} from '../core/config/init-project.js';
import {renderInitConfig} from '../core/config/init-template.js';
import {UsageError} from '../core/errors.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Write a commented vdist.toml for the Python project in the current directory.';
  static override description = 'The app name and version come from pyproject.toml, setup.cfg or setup.py (else the directory name); the requirements file and the lock file (Poetry, PDM, uv, Pipenv, PEP 751, hashed requirements) are detected. An existing vdist.toml is never overwritten.';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --config packaging/vdist.toml'];

  public async run(): Promise<unknown> {
    const target = resolve(this.flags.config);
    if (existsSync(target)) {
      throw new UsageError(`${this.flags.config} already exists: vdist init never overwrites it`, {suggestions: ['Edit it, or remove it and run vdist init again']});
    }
    const facts = detectProject(process.cwd());
    writeFileSync(target, renderInitConfig(facts), {flag: 'wx'});
    if (!this.jsonEnabled()) {
      this.log(`Wrote ${this.flags.config} for ${facts.app} ${facts.version} (from ${facts.from}).`);
      this.log('Next: vdist build --dry-run');
    }
    return {file: target, ...facts};
  }
}

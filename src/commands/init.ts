import {existsSync, writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {detectProject} from '../core/config/init-project.js';
import {renderInitConfig} from '../core/config/init-template.js';
import {UsageError} from '../core/errors.js';
import {importOriginal} from '../core/migrate/index.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Write a commented vdist.toml for the Python project in the current directory.';
  static override description = 'The app name and version come from pyproject.toml, setup.cfg or setup.py (else the directory name); the requirements file and the lock file (Poetry, PDM, uv, Pipenv, PEP 751, hashed requirements) are detected. With --from, the configuration of the original vdist (the INI file of `vdist batch`, or a package.py) is imported instead. An existing vdist.toml is never overwritten.';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --config packaging/vdist.toml', '<%= config.bin %> init --from packaging/vdist_build.cnf', '<%= config.bin %> init --from package.py'];

  static override flags = {
    from: Flags.string({summary: "Import the original vdist's configuration: an INI file of `vdist batch`, or a package.py (run on python3 with a stand-in of its API)."}),
    timeout: Flags.integer({summary: 'Seconds a package.py may run before it is stopped (with --from).', default: 30, min: 1}),
  };

  public async run(): Promise<unknown> {
    const target = resolve(this.flags.config);
    if (existsSync(target)) {
      throw new UsageError(`${this.flags.config} already exists: vdist init never overwrites it`, {suggestions: ['Edit it, or remove it and run vdist init again']});
    }
    if (this.flags.from) return this.importFrom(this.flags.from, target);
    const facts = detectProject(process.cwd());
    writeFileSync(target, renderInitConfig(facts), {flag: 'wx'});
    if (!this.jsonEnabled()) {
      this.log(`Wrote ${this.flags.config} for ${facts.app} ${facts.version} (from ${facts.from}).`);
      this.log('Next: vdist build --dry-run');
    }
    return {file: target, ...facts};
  }

  private async importFrom(from: string, target: string): Promise<unknown> {
    const imported = await importOriginal(from, {target, cwd: process.cwd(), timeoutMs: this.flags.timeout * 1000});
    writeFileSync(target, imported.toml, {flag: 'wx'});
    for (const warning of imported.warnings) this.warn(warning);
    if (!this.jsonEnabled()) {
      this.log(`Wrote ${this.flags.config} with ${imported.builds} build(s) from ${from}${imported.dropped.length > 0 ? `; ${imported.dropped.length} thing(s) not carried over are listed at its end` : ''}.`);
      this.log('Next: vdist build --dry-run');
    }
    return {file: target, from, kind: imported.kind, builds: imported.builds, warnings: imported.warnings, dropped: imported.dropped};
  }
}

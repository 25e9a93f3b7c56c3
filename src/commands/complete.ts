import {Args} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {COMPLETION_KINDS, completionValues} from '../core/completion/values.js';

/** Asked by the shell completion scripts (`vdist autocomplete`): one value a line. */
export default class Complete extends BaseCommand<typeof Complete> {
  static override hidden = true;
  static override summary = 'Print build names or profile names, one a line, for shell completion.';
  static override args = {kind: Args.string({required: true, options: [...COMPLETION_KINDS]})};

  public async run(): Promise<void> {
    for (const value of completionValues(this.args.kind as (typeof COMPLETION_KINDS)[number], this.flags.config)) this.log(value);
  }
}

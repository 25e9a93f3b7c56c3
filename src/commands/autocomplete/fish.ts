import {Command} from '@oclif/core';
import {fishScript} from '../../core/completion/fish.js';

/** `vdist autocomplete fish`: the one shell @oclif/plugin-autocomplete leaves out. */
export default class AutocompleteFish extends Command {
  static override summary = 'Print a fish completion script (save it as ~/.config/fish/completions/vdist.fish).';
  static override examples = ['<%= config.bin %> autocomplete fish > ~/.config/fish/completions/<%= config.bin %>.fish'];

  public async run(): Promise<void> {
    this.log(fishScript(this.config.bin, this.config.commands).trimEnd());
  }
}

import type {Hook} from '@oclif/core';
import {addValueCompletion} from '../core/completion/shell.js';

/**
 * After @oclif/plugin-autocomplete writes its scripts (commands and flags;
 * `vdist autocomplete` runs its create step directly, so no hook of its own fires),
 * adds what it cannot know: build names from vdist.toml and profile names.
 */
const hook: Hook<'postrun'> = async function (options) {
  if (options.Command?.id === 'autocomplete' || options.Command?.id === 'autocomplete:create') await addValueCompletion(this.config.cacheDir, this.config.bin);
};

export default hook;

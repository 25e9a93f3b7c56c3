import type {PackageFormat} from '../types.js';
import type {FormatFacts} from './types.js';

export type {FormatFacts} from './types.js';
import {debFacts} from './deb/facts.js';
import {rpmFacts} from './rpm/facts.js';

/** Every format's facts, by name. */
export const FORMAT_FACTS: Readonly<Record<PackageFormat, FormatFacts>> = {deb: debFacts, rpm: rpmFacts};

/** The facts of one format. */
export function formatFacts(format: PackageFormat): FormatFacts {
  return FORMAT_FACTS[format];
}

import type {Signer} from '../signing/gpg.js';
import type {FpmPackager, NativePackager} from '../packagers/packager.js';
import type {PackageFormat} from '../types.js';
import {debFacts} from './deb/facts.js';
import {signDeb} from './deb/sign.js';
import {debPackager} from './deb/writer.js';
import type {FormatFacts} from './types.js';
import {fpmDebPackager, fpmRpmPackager} from './fpm/command.js';
import {rpmFacts} from './rpm/facts.js';
import {signRpm} from './rpm/sign.js';
import {rpmPackager} from './rpm/writer.js';

/** Everything vdist does with one package format. */
export interface FormatEntry {
  facts: FormatFacts;
  /** The native writer (a streaming two-phase writer, see src/core/packagers/packager.ts). */
  native: NativePackager;
  /** The in-container fpm packager of this format. */
  fpm: FpmPackager;
  /** Signing a written package in place, dated `sourceDateEpoch`. */
  sign: (file: string, signer: Signer, sourceDateEpoch: number) => Promise<void>;
  /** Whether `vdist build` signs this format whenever it has a key, or only when asked (`sign_debs`). */
  signedByDefault: boolean;
}

/** The registry: one line per format. A format's name, missing here, is a compile error. */
export const FORMATS: Readonly<Record<PackageFormat, FormatEntry>> = {
  deb: {facts: debFacts, native: debPackager, fpm: fpmDebPackager, sign: signDeb, signedByDefault: false},
  rpm: {facts: rpmFacts, native: rpmPackager, fpm: fpmRpmPackager, sign: signRpm, signedByDefault: true},
};

/** The registry's entry of a format. */
export function formatEntry(format: PackageFormat): FormatEntry {
  return FORMATS[format];
}

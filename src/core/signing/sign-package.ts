import type {Logger} from '../log.js';
import {formatEntry} from '../formats/registry.js';
import type {PackageFormat} from '../types.js';
import type {Signer} from './gpg.js';

/** What `vdist build` signs: every rpm, and .debs too when `debs` (`sign_debs`, `--sign-debs`). */
export interface PackageSigning {
  signer: Signer;
  debs: boolean;
}

/**
 * Signs a freshly written package, dated SOURCE_DATE_EPOCH so that a
 * deterministic scheme (EdDSA, RSA PKCS#1 v1.5) gives the same bytes for the
 * same key and input. A .deb gets debsigs' `_gpgorigin` only when asked.
 */
export async function signPackage(file: string, format: PackageFormat, signing: PackageSigning, sourceDateEpoch: number, ctx: {log: Logger}): Promise<void> {
  const entry = formatEntry(format);
  if (!entry.signedByDefault && !signing.debs) return;
  await entry.sign(file, signing.signer, sourceDateEpoch);
  ctx.log.info(`signed with key ${signing.signer.key.fingerprint}`);
}

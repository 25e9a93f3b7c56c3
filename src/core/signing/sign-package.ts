import type {Logger} from '../log.js';
import type {Signer} from './gpg.js';
import {signRpm} from './rpm-sign.js';

/**
 * Signs a freshly written rpm, dated SOURCE_DATE_EPOCH so that a
 * deterministic scheme (EdDSA, RSA PKCS#1 v1.5) gives the same bytes for the
 * same key and input.
 */
export async function signPackage(file: string, signer: Signer, sourceDateEpoch: number, ctx: {log: Logger}): Promise<void> {
  await signRpm(file, signer, sourceDateEpoch);
  ctx.log.info(`signed with key ${signer.key.fingerprint}`);
}

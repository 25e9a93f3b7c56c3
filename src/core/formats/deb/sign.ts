import {readFile, rename, rm, writeFile} from 'node:fs/promises';
import {AR_MAGIC, arHeader, arPadding} from './ar.js';
import {ExitCode, VdistError} from '../../errors.js';
import {partialName} from '../../output-file.js';
import {arMembers} from './reader.js';
import type {Signer} from '../../signing/gpg.js';

/** debsigs' member for the origin signature. */
export const GPGORIGIN = '_gpgorigin';

/**
 * Adds debsigs' origin signature to a .deb: an ar member `_gpgorigin`
 * holding a detached OpenPGP signature of debian-binary, control.tar.* and
 * data.tar.* concatenated, as `debsigs --sign=origin` does. dpkg ignores the
 * member; `debsig-verify` checks it against a policy. An earlier one is
 * replaced; the other members stay byte for byte. Rewritten under a temporary
 * name and renamed over.
 */
export async function signDeb(file: string, signer: Signer, time?: number): Promise<void> {
  let members;
  try {
    members = arMembers(await readFile(file)).filter((m) => m.name !== GPGORIGIN);
  } catch (error) {
    throw new VdistError(`${file} is not a .deb (${(error as Error).message})`, {code: 'NOT_A_PACKAGE', exit: ExitCode.usage});
  }
  const signed = members.filter((m) => m.name === 'debian-binary' || m.name.startsWith('control.tar') || m.name.startsWith('data.tar'));
  const signature = await signer.sign(Buffer.concat(signed.map((m) => m.data)), 'detached', time);
  const mtime = time ?? 0;
  const parts: Buffer[] = [AR_MAGIC];
  for (const m of members) parts.push(m.header, m.data, arPadding(m.data.length));
  parts.push(arHeader(GPGORIGIN, signature.length, mtime), signature, arPadding(signature.length));
  const temporary = partialName(file);
  try {
    await writeFile(temporary, Buffer.concat(parts));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  }
}

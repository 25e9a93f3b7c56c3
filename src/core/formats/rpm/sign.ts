import {createReadStream} from 'node:fs';
import {open, rename, rm} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import {VdistError, ExitCode} from '../../errors.js';
import {partialName} from '../../output-file.js';
import {decodeHeader, encodeHeader, HEADER_SIGNATURES, RPM_TYPE, type RpmValue} from './header.js';
import type {Signer} from '../../signing/gpg.js';

/** Signature-header tags of OpenPGP signatures (rpmtag.h): header only, and header + payload. */
export const SIG_TAG = {DSA: 267, RSA: 268, PGP: 1002, GPG: 1005} as const;
const SIGNATURE_TAGS = new Set<number>(Object.values(SIG_TAG));
const LEAD_SIZE = 96;

/** Where the parts of an .rpm file lie. */
export interface RpmLayout {
  lead: Buffer;
  /** The signature header, without its padding. */
  signature: Buffer;
  /** The main (immutable) header. */
  header: Buffer;
  /** Offset of the main header; the payload follows it. */
  headerStart: number;
  payloadStart: number;
  fileSize: number;
}

function headerLength(intro: Buffer): number {
  if (intro.readUInt32BE(0) !== 0x8eade801) throw new Error('no rpm header magic');
  return 16 + intro.readUInt32BE(8) * 16 + intro.readUInt32BE(12);
}

/** Reads the lead and both headers of an .rpm, leaving the payload on disk. */
export async function readRpmLayout(file: string): Promise<RpmLayout> {
  const fh = await open(file, 'r');
  try {
    const {size} = await fh.stat();
    const read = async (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const {bytesRead} = await fh.read(buf, 0, length, offset);
      if (bytesRead !== length) throw new Error('truncated');
      return buf;
    };
    const lead = await read(0, LEAD_SIZE);
    if (lead.readUInt32BE(0) !== 0xedabeedb) throw new Error('no rpm lead magic');
    const sigLength = headerLength(await read(LEAD_SIZE, 16));
    const signature = await read(LEAD_SIZE, sigLength);
    const headerStart = LEAD_SIZE + sigLength + ((8 - (sigLength % 8)) % 8);
    const header = await read(headerStart, headerLength(await read(headerStart, 16)));
    return {lead, signature, header, headerStart, payloadStart: headerStart + header.length, fileSize: size};
  } catch (error) {
    throw new VdistError(`${file} is not an rpm package (${(error as Error).message})`, {code: 'NOT_A_PACKAGE', exit: ExitCode.usage, cause: error});
  } finally {
    await fh.close();
  }
}

/** A decoded header entry as a value encodeHeader writes back unchanged. */
export function rpmValueOf(e: {type: number; count: number; data: Buffer}): RpmValue {
  switch (e.type) {
    case RPM_TYPE.INT16:
      return {type: 'INT16', value: Array.from({length: e.count}, (_, i) => e.data.readUInt16BE(i * 2))};
    case RPM_TYPE.INT32:
      return {type: 'INT32', value: Array.from({length: e.count}, (_, i) => e.data.readUInt32BE(i * 4))};
    case RPM_TYPE.INT64:
      return {type: 'INT64', value: Array.from({length: e.count}, (_, i) => e.data.readBigUInt64BE(i * 8))};
    case RPM_TYPE.STRING:
      return {type: 'STRING', value: e.data.toString('utf8', 0, e.data.indexOf(0))};
    case RPM_TYPE.BIN:
      return {type: 'BIN', value: Buffer.from(e.data.subarray(0, e.count))};
    case RPM_TYPE.STRING_ARRAY:
    case RPM_TYPE.I18NSTRING:
      return {type: e.type === RPM_TYPE.STRING_ARRAY ? 'STRING_ARRAY' : 'I18NSTRING', value: e.data.toString('utf8').split('\0').slice(0, e.count)};
    default:
      throw new Error(`unsupported rpm tag type ${e.type}`);
  }
}

/** The signature header's tags, without the region tag and without any OpenPGP signature. */
export function unsignedSignatureTags(signature: Buffer): Map<number, RpmValue> {
  const tags = new Map<number, RpmValue>();
  for (const [tag, e] of decodeHeader(signature)) {
    if (tag === HEADER_SIGNATURES || SIGNATURE_TAGS.has(tag)) continue;
    tags.set(tag, rpmValueOf(e));
  }
  return tags;
}

/**
 * Signs an .rpm in place as `rpmsign --addsign` does for a v4 package: an
 * OpenPGP signature of the main header (RSA/EdDSA tag 268, DSA 267) and one of
 * header + payload (1002, DSA 1005), beside the digests already there. The
 * lead, main header and payload stay byte for byte as they were; an earlier
 * signature is replaced. The file is rewritten under a temporary name and
 * renamed over, so it is never half-signed.
 */
export async function signRpm(file: string, signer: Signer, time?: number): Promise<void> {
  const layout = await readRpmLayout(file);
  const tags = unsignedSignatureTags(layout.signature);
  const dsa = signer.key.algorithm === 17;
  const headerOnly = await signer.sign(layout.header, 'detached', time);
  const whole = await signer.sign(createReadStream(file, {start: layout.headerStart}), 'detached', time);
  tags.set(dsa ? SIG_TAG.DSA : SIG_TAG.RSA, {type: 'BIN', value: headerOnly});
  tags.set(dsa ? SIG_TAG.GPG : SIG_TAG.PGP, {type: 'BIN', value: whole});
  const sig = encodeHeader(tags, HEADER_SIGNATURES);
  const temporary = partialName(file);
  try {
    const out = createWriteStream(temporary);
    const head = Readable.from([layout.lead, sig, Buffer.alloc((8 - (sig.length % 8)) % 8)]);
    await pipeline(head, out, {end: false});
    await pipeline(createReadStream(file, {start: layout.headerStart}), out);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  }
}

import {readFile} from 'node:fs/promises';
import {gunzipSync} from 'node:zlib';
import {filterBytes} from '../../publish/compress-index.js';

/** A .deb's control file, as ordered fields, plus its raw text. */
export interface DebControl {
  fields: Array<[string, string]>;
  get(name: string): string | undefined;
}

/** The members of an ar archive, each with its 60-byte header as it was. */
export function arMembers(buf: Buffer): Array<{name: string; header: Buffer; data: Buffer}> {
  if (buf.toString('latin1', 0, 8) !== '!<arch>\n') throw new Error('not an ar archive');
  const out = [];
  let at = 8;
  while (at + 60 <= buf.length) {
    const name = buf.toString('latin1', at, at + 16).trim().replace(/\/$/, '');
    const size = Number(buf.toString('latin1', at + 48, at + 58).trim());
    if (!Number.isInteger(size) || at + 60 + size > buf.length) throw new Error('truncated ar member');
    out.push({name, header: buf.subarray(at, at + 60), data: buf.subarray(at + 60, at + 60 + size)});
    at += 60 + size + (size % 2);
  }
  return out;
}

/** One file out of a (ustar/GNU) tar archive held in memory. */
export function tarMember(tar: Buffer, wanted: (name: string) => boolean): Buffer | undefined {
  let at = 0;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const prefix = tar.toString('utf8', at + 345, at + 500).replace(/\0.*$/s, '');
    const size = parseInt(tar.toString('latin1', at + 124, at + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const full = prefix ? `${prefix}/${name}` : name;
    if (wanted(full)) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

async function decompress(name: string, data: Buffer): Promise<Buffer> {
  if (name.endsWith('.gz')) return gunzipSync(data);
  if (name.endsWith('.tar')) return data;
  const tool = name.endsWith('.xz') ? 'xz' : name.endsWith('.zst') ? 'zstd' : undefined;
  if (!tool) throw new Error(`unknown control member ${name}`);
  const out = await filterBytes(tool, ['-dc'], data);
  if (!out) throw new Error(`${tool} could not read ${name}`);
  return out;
}

/** Parses deb822 paragraphs' fields (continuation lines kept as they are). */
export function parseControl(text: string): DebControl {
  const fields: Array<[string, string]> = [];
  for (const line of text.replace(/\n+$/, '').split('\n')) {
    if (/^\s/.test(line) && fields.length > 0) fields.at(-1)![1] += `\n${line}`;
    else {
      const m = /^([^:\s]+):\s*(.*)$/.exec(line);
      if (m) fields.push([m[1]!, m[2]!]);
    }
  }
  return {fields, get: (n) => fields.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1]};
}

/** Reads the control file of a .deb on disk. Throws a plain Error when it is not one. */
export async function readDebControl(file: string): Promise<DebControl> {
  const members = arMembers(await readFile(file));
  if (members[0]?.name !== 'debian-binary') throw new Error('no debian-binary member');
  const control = members.find((m) => m.name.startsWith('control.tar'));
  if (!control) throw new Error('no control.tar member');
  const tar = await decompress(control.name, control.data);
  const text = tarMember(tar, (n) => n === './control' || n === 'control');
  if (!text) throw new Error('no control file');
  const parsed = parseControl(text.toString('utf8'));
  for (const f of ['Package', 'Version', 'Architecture']) if (!parsed.get(f)) throw new Error(`control file has no ${f}`);
  return parsed;
}

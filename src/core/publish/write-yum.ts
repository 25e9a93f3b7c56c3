import {createHash} from 'node:crypto';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Signer} from '../signing/gpg.js';
import {gzipIndex} from './compress-index.js';
import {replaceGeneration} from './swap.js';
import {compareRpmEvr} from './versions.js';
import {filelistsXml, otherXml, primaryXml, repomdXml, type RepoRpm, type RepomdData} from './yum.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Writes repodata/: primary, filelists and other (.xml.gz, named by their
 * checksum), repomd.xml and its armored signature repomd.xml.asc, as one new
 * generation.
 */
export async function writeYumRepo(yumDir: string, rpms: readonly RepoRpm[], signer: Signer, now: Date): Promise<void> {
  const sorted = [...rpms].sort((a, b) => a.info.name.localeCompare(b.info.name) || compareRpmEvr(a.info, b.info) || a.info.arch.localeCompare(b.info.arch));
  const files: Array<{name: string; data: Buffer}> = [];
  const records: RepomdData[] = [];
  for (const [type, text] of [['primary', primaryXml(sorted)], ['filelists', filelistsXml(sorted)], ['other', otherXml(sorted)]] as const) {
    const open = Buffer.from(text);
    const data = gzipIndex(open);
    const name = `${sha256(data)}-${type}.xml.gz`;
    files.push({name, data});
    records.push({type, href: `repodata/${name}`, sha256: sha256(data), size: data.length, openSha256: sha256(open), openSize: open.length});
  }
  const repomd = Buffer.from(repomdXml(records, Math.floor(now.getTime() / 1000)));
  const signature = await signer.sign(repomd, 'armored');
  await replaceGeneration(join(yumDir, 'repodata'), async (dir) => {
    for (const f of files) await writeFile(join(dir, f.name), f.data);
    await writeFile(join(dir, 'repomd.xml'), repomd);
    await writeFile(join(dir, 'repomd.xml.asc'), signature);
  });
}

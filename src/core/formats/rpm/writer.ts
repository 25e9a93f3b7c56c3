import {createHash, type Hash} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import type {CoalescingOutput} from '../../archive/coalescing-output.js';
import {compressionLevel} from '../../archive/compress.js';
import {compressTree, type TreeEncoder} from '../../tree/compress-tree.js';
import {VdistError} from '../../errors.js';
import {cpioHeader, cpioPadding, cpioTrailer} from './cpio.js';
import {encodeHeader, HEADER_IMMUTABLE, HEADER_SIGNATURES, type RpmValue} from './header.js';
import {compressedFileNames, fullMode, rpmFileSize} from './files.js';
import {isSharedDirectory} from '../../tree/shared-directories.js';
import {interpreterRequires, rpmArch, rpmEvr, rpmlibRequires, rpmRelations, rpmRelease, type RpmRelations} from './metadata.js';
import {CONFIG_NOREPLACE, FILE_DOC, FILE_LICENSE, PGPHASHALGO_SHA256, TAG} from './tags.js';
import {rpmChangelogText} from '../../metadata/changelog.js';
import type {NativePackager, PackageMetadata, TreeEntry} from '../../packagers/packager.js';
import type {TreeReader} from '../../tree/tree-stream.js';
import {comparePaths} from '../../tree/tree-paths.js';
import {rpmScriptlets} from '../../metadata/scripts.js';

const UINT32_MAX = 0xffffffff;

/**
 * The newc payload, encoded as the tree streams by. Hard-link sets go last:
 * rpm expects a set's content on its last member in header order, which is
 * known only once the whole set has gone by, so their content comes from the
 * reader's spool. Each entry goes into `record` with its inode and sha256.
 */
class CpioEncoder implements TreeEncoder {
  private readonly groups = new Map<number, TreeEntry[]>();
  private ino = 0;
  /** The regular file whose content is passing; without `sha`, a hard-link member's, which goes in at the end. */
  private file?: {entry: TreeEntry; sha?: Hash};

  constructor(private readonly out: CoalescingOutput, private readonly tree: TreeReader, private readonly record: TreeEntry[]) {}

  entry(e: TreeEntry, linkTo?: string): void {
    if (e.type === 'directory' && isSharedDirectory(e.path)) return;
    this.record.push(e);
    if (e.type === 'file' && e.linkGroup > 0) {
      const members = this.groups.get(e.linkGroup) ?? [];
      this.groups.set(e.linkGroup, members);
      e.ino = members[0]?.ino ?? ++this.ino;
      members.push(e);
      // Content that follows is the reader's to spool.
      if (linkTo === undefined) this.file = {entry: e};
      return;
    }
    e.ino = ++this.ino;
    this.header(e, 1, e.type === 'file');
  }

  data(chunk: Buffer): void {
    const sha = this.file!.sha;
    if (!sha) return;
    sha.update(chunk);
    this.out.write(chunk);
  }

  endFile(): void {
    const {entry: e, sha} = this.file!;
    this.file = undefined;
    if (!sha) return;
    e.sha256 = sha.digest('hex');
    this.out.write(cpioPadding(e.size));
  }

  async end(): Promise<void> {
    for (const [id, members] of this.groups) {
      members.sort((a, b) => comparePaths(a.path, b.path));
      for (const m of members.slice(0, -1)) this.header(m, members.length, false);
      const last = members.at(-1)!;
      this.header(last, members.length, true);
      for (const piece of this.tree.groupContent(id)) {
        this.data(piece);
        await this.out.ready();
      }
      this.endFile();
      for (const m of members) m.sha256 = last.sha256;
    }
    this.out.write(cpioTrailer());
  }

  /** One member's header (and a symlink's target); a regular file with `content` then gets its data and sha256, without it it is an empty hard-link member. */
  private header(e: TreeEntry, nlink: number, content: boolean): void {
    const target = e.type === 'symlink' ? Buffer.from(e.linkTarget ?? '', 'utf8') : undefined;
    const size = target ? target.length : content ? e.size : 0;
    if (size > UINT32_MAX) {
      throw new VdistError(`${e.path} is over 4 GiB, which the native rpm writer's cpio payload cannot hold`, {
        code: 'PACKAGE_TOO_LARGE',
        suggestions: ['Set packager = "fpm" for this build'],
      });
    }
    this.out.write(cpioHeader({name: `.${e.path}`, ino: e.ino!, mode: fullMode(e), nlink: e.type === 'directory' ? 2 : nlink, mtime: e.mtime, size}));
    if (target) this.out.write(target);
    if (content) this.file = {entry: e, sha: createHash('sha256')};
    else this.out.write(cpioPadding(size));
  }
}

function relationTags(tags: Map<number, RpmValue>, r: RpmRelations, name: number, flags: number, version: number): void {
  if (r.names.length === 0) return;
  tags.set(name, {type: 'STRING_ARRAY', value: r.names});
  tags.set(flags, {type: 'INT32', value: r.flags});
  tags.set(version, {type: 'STRING_ARRAY', value: r.versions});
}

/** The main header's tags: package metadata, file list, relations, scriptlets, payload description. */
export function mainHeaderTags(meta: PackageMetadata, entries: readonly TreeEntry[], payload: {sha256?: string}): Map<number, RpmValue> {
  const tags = new Map<number, RpmValue>();
  const str = (tag: number, value: string | undefined) => value !== undefined && tags.set(tag, {type: 'STRING', value});
  const i18n = (tag: number, value: string) => tags.set(tag, {type: 'I18NSTRING', value: [value]});
  const [summary, ...rest] = meta.description.trim().split('\n');
  tags.set(TAG.HEADERI18NTABLE, {type: 'STRING_ARRAY', value: ['C']});
  str(TAG.NAME, meta.name);
  str(TAG.VERSION, meta.version);
  str(TAG.RELEASE, rpmRelease(meta));
  if (meta.epoch !== undefined) tags.set(TAG.EPOCH, {type: 'INT32', value: [meta.epoch]});
  i18n(TAG.SUMMARY, summary!.trim() || meta.name);
  i18n(TAG.DESCRIPTION, rest.join('\n').trim() || meta.description.trim());
  tags.set(TAG.BUILDTIME, {type: 'INT32', value: [meta.source_date_epoch]});
  str(TAG.BUILDHOST, 'vdist');
  str(TAG.VENDOR, meta.vendor);
  str(TAG.LICENSE, meta.license ?? 'unknown');
  str(TAG.PACKAGER, meta.maintainer);
  i18n(TAG.GROUP, meta.category ?? 'default');
  str(TAG.URL, meta.url);
  str(TAG.OS, 'linux');
  const arch = rpmArch(meta.architecture);
  str(TAG.ARCH, arch);
  str(TAG.PLATFORM, `${arch}-pc-linux`);
  str(TAG.SOURCERPM, `${meta.name}-${meta.version}-${rpmRelease(meta)}.src.rpm`);
  str(TAG.ENCODING, 'utf-8');
  str(TAG.PAYLOADFORMAT, 'cpio');
  str(TAG.PAYLOADCOMPRESSOR, meta.compression.algorithm);
  str(TAG.PAYLOADFLAGS, String(compressionLevel(meta.compression)));
  tags.set(TAG.PAYLOADDIGEST, {type: 'STRING_ARRAY', value: [payload.sha256!]});
  tags.set(TAG.PAYLOADDIGESTALGO, {type: 'INT32', value: [PGPHASHALGO_SHA256]});
  // One changelog entry, so tools that expect a changelog find one; its time is the build's.
  tags.set(TAG.CHANGELOGTIME, {type: 'INT32', value: [meta.changelog?.time ?? meta.source_date_epoch]});
  tags.set(TAG.CHANGELOGNAME, {type: 'STRING_ARRAY', value: [`${meta.changelog?.author ?? meta.maintainer} - ${rpmEvr(meta)}`]});
  tags.set(TAG.CHANGELOGTEXT, {type: 'STRING_ARRAY', value: [meta.changelog ? rpmChangelogText(meta.changelog) : '- Packaged with vdist']});

  const scriptlets = rpmScriptlets(meta.scripts, meta.systemd_units);
  const scriptTags = {prein: [TAG.PREIN, TAG.PREINPROG], postin: [TAG.POSTIN, TAG.POSTINPROG], preun: [TAG.PREUN, TAG.PREUNPROG], postun: [TAG.POSTUN, TAG.POSTUNPROG]} as const;
  for (const [k, text] of Object.entries(scriptlets)) {
    const [body, prog] = scriptTags[k as keyof typeof scriptTags];
    str(body, text);
    str(prog, '/bin/sh');
  }

  const requires = rpmRelations(meta.depends, mergeRelations(interpreterRequires(scriptlets), rpmlibRequires(meta)));
  relationTags(tags, requires, TAG.REQUIRENAME, TAG.REQUIREFLAGS, TAG.REQUIREVERSION);
  const self = {names: [meta.name], flags: [0x08], versions: [rpmEvr(meta)]};
  relationTags(tags, rpmRelations(meta.provides, self), TAG.PROVIDENAME, TAG.PROVIDEFLAGS, TAG.PROVIDEVERSION);
  relationTags(tags, rpmRelations(meta.conflicts), TAG.CONFLICTNAME, TAG.CONFLICTFLAGS, TAG.CONFLICTVERSION);
  // fpm turns --replaces into Obsoletes for rpm.
  relationTags(tags, rpmRelations(meta.replaces), TAG.OBSOLETENAME, TAG.OBSOLETEFLAGS, TAG.OBSOLETEVERSION);

  if (entries.length > 0) fileTags(tags, meta, entries);
  return tags;
}

function mergeRelations(a: RpmRelations, b: RpmRelations): RpmRelations {
  return {names: [...a.names, ...b.names], flags: [...a.flags, ...b.flags], versions: [...a.versions, ...b.versions]};
}

function fileTags(tags: Map<number, RpmValue>, meta: PackageMetadata, entries: readonly TreeEntry[]): void {
  const sizes = entries.map(rpmFileSize);
  const total = entries.reduce((sum, e, i) => sum + (e.type === 'directory' ? 0 : sizes[i]!), 0);
  const large = sizes.some((s) => s > UINT32_MAX) || total > UINT32_MAX;
  if (large) {
    tags.set(TAG.LONGFILESIZES, {type: 'INT64', value: sizes});
    tags.set(TAG.LONGSIZE, {type: 'INT64', value: [total]});
  } else {
    tags.set(TAG.FILESIZES, {type: 'INT32', value: sizes});
    tags.set(TAG.SIZE, {type: 'INT32', value: [total]});
  }
  const n = entries.length;
  const config = new Set(meta.config_files);
  const docFlags = new Map((meta.doc_files ?? []).map((d) => [d.path, d.kind === 'license' ? FILE_LICENSE : FILE_DOC]));
  const names = compressedFileNames(entries.map((e) => e.path));
  tags.set(TAG.FILEMODES, {type: 'INT16', value: entries.map(fullMode)});
  tags.set(TAG.FILERDEVS, {type: 'INT16', value: Array(n).fill(0)});
  tags.set(TAG.FILEMTIMES, {type: 'INT32', value: entries.map((e) => e.mtime)});
  tags.set(TAG.FILEDIGESTS, {type: 'STRING_ARRAY', value: entries.map((e) => (e.type === 'file' ? e.sha256! : ''))});
  tags.set(TAG.FILELINKTOS, {type: 'STRING_ARRAY', value: entries.map((e) => (e.type === 'symlink' ? e.linkTarget! : ''))});
  const flags = (e: TreeEntry) => (e.type !== 'file' ? 0 : config.has(e.path) ? CONFIG_NOREPLACE : (docFlags.get(e.path) ?? 0));
  tags.set(TAG.FILEFLAGS, {type: 'INT32', value: entries.map(flags)});
  tags.set(TAG.FILEUSERNAME, {type: 'STRING_ARRAY', value: Array(n).fill('root')});
  tags.set(TAG.FILEGROUPNAME, {type: 'STRING_ARRAY', value: Array(n).fill('root')});
  tags.set(TAG.FILEVERIFYFLAGS, {type: 'INT32', value: Array(n).fill(UINT32_MAX)});
  tags.set(TAG.FILEDEVICES, {type: 'INT32', value: Array(n).fill(1)});
  tags.set(TAG.FILEINODES, {type: 'INT32', value: entries.map((e) => e.ino!)});
  tags.set(TAG.FILELANGS, {type: 'STRING_ARRAY', value: Array(n).fill('')});
  tags.set(TAG.DIRINDEXES, {type: 'INT32', value: names.dirindexes});
  tags.set(TAG.BASENAMES, {type: 'STRING_ARRAY', value: names.basenames});
  tags.set(TAG.DIRNAMES, {type: 'STRING_ARRAY', value: names.dirnames});
  tags.set(TAG.FILEDIGESTALGO, {type: 'INT32', value: [PGPHASHALGO_SHA256]});
}

/** The 96-byte lead: magic, v3.0, binary, the NEVR name; rpm reads little else of it. */
export function rpmLead(meta: PackageMetadata): Buffer {
  const lead = Buffer.alloc(96);
  Buffer.from([0xed, 0xab, 0xee, 0xdb, 3, 0]).copy(lead, 0);
  lead.writeUInt16BE(0, 6);
  lead.writeUInt16BE(meta.architecture === 'arm64' ? 19 : 1, 8);
  Buffer.from(`${meta.name}-${meta.version}-${rpmRelease(meta)}`, 'utf8').subarray(0, 65).copy(lead, 10);
  lead.writeUInt16BE(1, 76);
  lead.writeUInt16BE(5, 78);
  return lead;
}

/** The signature header: sizes and digests of the main header and payload (no key signature). */
export function signatureHeader(header: Buffer, payload: {size: number; inputSize: number; md5OfHeaderAndPayload: Buffer}): Buffer {
  const tags = new Map<number, RpmValue>();
  const size = header.length + payload.size;
  tags.set(269, {type: 'STRING', value: createHash('sha1').update(header).digest('hex')});
  tags.set(273, {type: 'STRING', value: createHash('sha256').update(header).digest('hex')});
  if (size > UINT32_MAX || payload.inputSize > UINT32_MAX) {
    tags.set(270, {type: 'INT64', value: [size]});
    tags.set(271, {type: 'INT64', value: [payload.inputSize]});
  } else {
    tags.set(1000, {type: 'INT32', value: [size]});
    tags.set(1007, {type: 'INT32', value: [payload.inputSize]});
  }
  tags.set(1004, {type: 'BIN', value: payload.md5OfHeaderAndPayload});
  const sig = encodeHeader(tags, HEADER_SIGNATURES);
  // The main header starts on an 8-byte boundary after the signature.
  return Buffer.concat([sig, Buffer.alloc((8 - (sig.length % 8)) % 8)]);
}

/** Writes .rpm (v4) files: lead, signature header, main header, compressed newc payload. */
export const rpmPackager: NativePackager = {
  kind: 'native',
  format: 'rpm',
  linksNeedSpool: true,
  fileName(meta) {
    return `${meta.name}-${meta.version}-${rpmRelease(meta)}.${rpmArch(meta.architecture)}.rpm`;
  },
  async writeData(tree, options, workDir) {
    const entries: TreeEntry[] = [];
    const file = join(workDir, 'payload');
    const compressed = await compressTree(tree, (out) => new CpioEncoder(out, tree, entries), options.compression, file, {digests: true});
    return {file, compressed, entries};
  },
  async finish(meta, data, outFile) {
    // rpm looks files up by binary search: the header lists them in byte order of their paths.
    const entries = [...data.entries].sort((a, b) => comparePaths(a.path, b.path));
    try {
      const header = encodeHeader(mainHeaderTags(meta, entries, data.compressed), HEADER_IMMUTABLE);
      const md5 = createHash('md5').update(header);
      for await (const chunk of createReadStream(data.file)) md5.update(chunk as Buffer);
      const signature = signatureHeader(header, {...data.compressed, md5OfHeaderAndPayload: md5.digest()});
      const lead = rpmLead(meta);
      // One pipeline from the first byte to the close: every write error (a full disk) rejects it.
      await pipeline(async function* () {
        yield* [lead, signature, header];
        yield* createReadStream(data.file) as AsyncIterable<Buffer>;
      }, createWriteStream(outFile));
    } catch (error) {
      await rm(outFile, {force: true});
      throw error;
    }
  },
};

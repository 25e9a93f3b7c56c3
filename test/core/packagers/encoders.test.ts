import {arHeader, arPadding} from '../../../src/core/formats/deb/ar.js';
import {cpioHeader} from '../../../src/core/formats/rpm/cpio.js';
import {compressionLevel} from '../../../src/core/archive/compress.js';
import {decodeHeader, encodeHeader, type RpmValue} from '../../../src/core/formats/rpm/header.js';
import {mainHeaderTags, signatureHeader} from '../../../src/core/formats/rpm/writer.js';
import {compressedFileNames} from '../../../src/core/formats/rpm/files.js';
import {TAG} from '../../../src/core/formats/rpm/tags.js';
import type {TreeEntry} from '../../../src/core/packagers/packager.js';
import {tarHeader, tarPadding, TAR_END} from '../../../src/core/archive/tar.js';
import {sampleMeta} from './meta-fixture.js';

const NINE_GIB = 9 * 1024 ** 3;

describe('ar', () => {
  it('writes a 60-byte header with root owner and the given mtime', () => {
    const h = arHeader('data.tar.xz', 1234, 1700000000).toString('latin1');
    expect(h).toHaveLength(60);
    expect(h).toBe('data.tar.xz     1700000000  0     0     100644  1234      `\n');
    expect(arPadding(3)).toEqual(Buffer.from('\n'));
    expect(arPadding(4)).toHaveLength(0);
  });
});

describe('cpio newc', () => {
  it('pads header+name to 4 bytes and refuses sizes newc cannot hold', () => {
    const h = cpioHeader({name: './a', ino: 1, mode: 0o100644, nlink: 1, mtime: 5, size: 3});
    expect(h.length % 4).toBe(0);
    expect(h.toString('latin1', 0, 6)).toBe('070701');
    expect(h.toString('latin1', 54, 62)).toBe('00000003');
    expect(() => cpioHeader({name: './big', ino: 1, mode: 0o100644, nlink: 1, mtime: 0, size: NINE_GIB})).toThrow(/size out of range/);
  });
});

describe('tar headers (GNU format, as dpkg reads it)', () => {
  it('encodes sizes over 8 GiB in base-256', () => {
    const header = tarHeader({name: './huge', type: 'file', mode: 0o644, mtime: 0, size: NINE_GIB});
    expect(header).toHaveLength(512);
    expect(header[124]).toBe(0x80);
    expect(header.readBigUInt64BE(124 + 4)).toBe(BigInt(NINE_GIB));
    const small = tarHeader({name: './small', type: 'file', mode: 0o644, mtime: 0, size: 8 ** 11 - 1});
    expect(small.toString('latin1', 124, 136)).toBe('77777777777\0');
  });

  it('writes ././@LongLink entries for names and link targets over 100 bytes', () => {
    const long = `./${'d'.repeat(120)}/file`;
    const header = tarHeader({name: long, type: 'hardlink', mode: 0o644, mtime: 0, linkname: `./${'t'.repeat(150)}`});
    const text = header.toString('latin1');
    expect(text.match(/\.\/\.\/@LongLink/g)).toHaveLength(2);
    expect(header[156]).toBe('K'.charCodeAt(0));
    expect(text).toContain(long);
    expect(header.length % 512).toBe(0);
  });

  it('is readable by GNU tar, with the right checksum', async () => {
    const {execa} = await import('execa');
    const body = Buffer.from('hi\n');
    const archive = Buffer.concat([
      tarHeader({name: './ünï cødé', type: 'file', mode: 0o600, mtime: 1700000000, size: 3}), body, tarPadding(3), TAR_END,
    ]);
    const {stdout} = await execa('tar', ['-tvf', '-'], {input: archive});
    expect(stdout).toMatch(/^-rw------- root\/root +3 2023-11-1\d \d\d:\d\d \.\/ünï cødé$/);
  });
});

describe('rpm header', () => {
  const file = (path: string, size: number): TreeEntry => ({path, type: 'file', mode: 0o644, size, mtime: 1, linkGroup: 0, ino: 1, sha256: 'ab'});

  it('round-trips values and puts the region trailer last', () => {
    const tags = new Map<number, RpmValue>([
      [1000, {type: 'STRING', value: 'name'}],
      [1028, {type: 'INT32', value: [1, 2]}],
      [1030, {type: 'INT16', value: [0o100644]}],
      [5008, {type: 'INT64', value: [NINE_GIB]}],
    ]);
    const buf = encodeHeader(tags, 63);
    const decoded = decodeHeader(buf);
    expect(decoded.get(1000)!.data.subarray(0, 5).toString()).toBe('name\0');
    expect(decoded.get(5008)!.data.readBigUInt64BE(0)).toBe(BigInt(NINE_GIB));
    // INT64 data is 8-byte aligned inside the store.
    const index = [...decoded.keys()];
    expect(index[0]).toBe(63);
    const trailer = buf.subarray(buf.length - 16);
    expect(trailer.readInt32BE(8)).toBe(-5 * 16);
  });

  it('declares files over 4 GiB with LONGFILESIZES and LONGSIZE', () => {
    const tags = mainHeaderTags(sampleMeta(), [file('/opt/a/big', NINE_GIB), file('/opt/a/small', 10)], {sha256: 'x'});
    expect(tags.get(TAG.LONGFILESIZES)).toEqual({type: 'INT64', value: [NINE_GIB, 10]});
    expect(tags.get(TAG.LONGSIZE)).toEqual({type: 'INT64', value: [NINE_GIB + 10]});
    expect(tags.has(TAG.FILESIZES)).toBe(false);
    const sig = decodeHeader(signatureHeader(Buffer.alloc(100), {size: NINE_GIB, inputSize: NINE_GIB, md5OfHeaderAndPayload: Buffer.alloc(16)}));
    expect(sig.get(270)!.data.readBigUInt64BE(0)).toBe(BigInt(NINE_GIB + 100));
    expect(sig.has(1000)).toBe(false);
  });

  it('splits file names into dirnames, basenames and indexes', () => {
    expect(compressedFileNames(['/opt/a', '/opt/a/b', '/opt/a/c', '/etc/x'])).toEqual({
      dirnames: ['/opt/', '/opt/a/', '/etc/'],
      basenames: ['a', 'b', 'c', 'x'],
      dirindexes: [0, 1, 1, 2],
    });
  });
});

describe('compression levels', () => {
  it('defaults and checks ranges', () => {
    expect(compressionLevel({algorithm: 'xz'})).toBe(6);
    expect(compressionLevel({algorithm: 'gzip'})).toBe(9);
    expect(() => compressionLevel({algorithm: 'zstd', level: 30})).toThrow(/1-19/);
  });
});

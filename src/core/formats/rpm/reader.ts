import {decodeHeader, RPM_TYPE} from './header.js';
import {TAG} from './tags.js';
import {readRpmLayout, rpmValueOf} from './sign.js';

/** A dependency as rpm's header holds it. */
export interface RpmRelation {
  name: string;
  flags: number;
  version: string;
}

/** What the yum metadata says about one rpm. */
export interface RpmInfo {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: string;
  summary: string;
  description: string;
  packager: string;
  url: string;
  license: string;
  vendor: string;
  group: string;
  buildhost: string;
  sourcerpm: string;
  buildtime: number;
  installedSize: number;
  archiveSize: number;
  headerStart: number;
  headerEnd: number;
  provides: RpmRelation[];
  requires: RpmRelation[];
  conflicts: RpmRelation[];
  obsoletes: RpmRelation[];
  files: Array<{path: string; dir: boolean}>;
  changelog: Array<{author: string; date: number; text: string}>;
  /** The signature header holds an OpenPGP signature. */
  signed: boolean;
}

const TAGS_EXTRA = {ARCHIVESIZE_SIG: 1007, LONGARCHIVESIZE_SIG: 271, CHANGELOGTIME: 1080, CHANGELOGNAME: 1081, CHANGELOGTEXT: 1082} as const;

/** Reads an rpm's headers (not its payload). */
export async function readRpmInfo(file: string): Promise<RpmInfo> {
  const layout = await readRpmLayout(file);
  const h = decodeHeader(layout.header);
  const s = decodeHeader(layout.signature);
  const get = (tag: number) => {
    const e = h.get(tag);
    return e ? rpmValueOf(e) : undefined;
  };
  const str = (tag: number) => {
    const v = get(tag);
    if (!v) return '';
    return v.type === 'STRING' ? v.value : v.type === 'STRING_ARRAY' || v.type === 'I18NSTRING' ? (v.value[0] ?? '') : '';
  };
  const strs = (tag: number) => {
    const v = get(tag);
    return v && (v.type === 'STRING_ARRAY' || v.type === 'I18NSTRING') ? [...v.value] : [];
  };
  const nums = (tag: number) => {
    const v = get(tag);
    return v && (v.type === 'INT16' || v.type === 'INT32' || v.type === 'INT64') ? v.value.map(Number) : [];
  };
  const relations = (name: number, flags: number, version: number): RpmRelation[] => {
    const names = strs(name);
    const f = nums(flags);
    const v = strs(version);
    return names.map((n, i) => ({name: n, flags: f[i] ?? 0, version: v[i] ?? ''}));
  };
  const dirs = strs(TAG.DIRNAMES);
  const indexes = nums(TAG.DIRINDEXES);
  const modes = nums(TAG.FILEMODES);
  const files = strs(TAG.BASENAMES).map((b, i) => ({path: `${dirs[indexes[i]!] ?? ''}${b}`, dir: ((modes[i] ?? 0) & 0o170000) === 0o040000}));
  const times = nums(TAGS_EXTRA.CHANGELOGTIME);
  const names = strs(TAGS_EXTRA.CHANGELOGNAME);
  const texts = strs(TAGS_EXTRA.CHANGELOGTEXT);
  const sigNum = (tag: number) => {
    const e = s.get(tag);
    return e && (e.type === RPM_TYPE.INT32 || e.type === RPM_TYPE.INT64) ? Number((rpmValueOf(e) as unknown as {value: (number | bigint)[]}).value[0]) : undefined;
  };
  const arch = str(TAG.ARCH);
  return {
    name: str(TAG.NAME),
    epoch: nums(TAG.EPOCH)[0] ?? 0,
    version: str(TAG.VERSION),
    release: str(TAG.RELEASE),
    arch: arch || 'noarch',
    summary: str(TAG.SUMMARY),
    description: str(TAG.DESCRIPTION),
    packager: str(TAG.PACKAGER),
    url: str(TAG.URL),
    license: str(TAG.LICENSE),
    vendor: str(TAG.VENDOR),
    group: str(TAG.GROUP),
    buildhost: str(TAG.BUILDHOST),
    sourcerpm: str(TAG.SOURCERPM),
    buildtime: nums(TAG.BUILDTIME)[0] ?? 0,
    installedSize: nums(TAG.LONGSIZE)[0] ?? nums(TAG.SIZE)[0] ?? 0,
    archiveSize: sigNum(TAGS_EXTRA.LONGARCHIVESIZE_SIG) ?? sigNum(TAGS_EXTRA.ARCHIVESIZE_SIG) ?? 0,
    headerStart: layout.headerStart,
    headerEnd: layout.payloadStart,
    provides: relations(TAG.PROVIDENAME, TAG.PROVIDEFLAGS, TAG.PROVIDEVERSION),
    requires: relations(TAG.REQUIRENAME, TAG.REQUIREFLAGS, TAG.REQUIREVERSION),
    conflicts: relations(TAG.CONFLICTNAME, TAG.CONFLICTFLAGS, TAG.CONFLICTVERSION),
    obsoletes: relations(TAG.OBSOLETENAME, TAG.OBSOLETEFLAGS, TAG.OBSOLETEVERSION),
    files,
    changelog: times.map((t, i) => ({date: t, author: names[i] ?? '', text: texts[i] ?? ''})),
    signed: [267, 268, 1002, 1005].some((t) => s.has(t)),
  };
}

import {markerFrom, parseTomlFile, pipHash} from './common.js';
import {LockError, lineOf} from './lock-error.js';
import {normaliseName} from './marker.js';
import {pythonJsonDumps, sha256Hex} from './python-json.js';
import type {LockFormat, LockInput, LockParse, LockedPackage, Staleness} from './types.js';

type Table = Record<string, unknown>;
const META_SECTIONS = new Set(['source', 'packages', 'dev-packages', 'requires', 'scripts', 'pipfile', 'pipenv', 'default', 'develop']);

/**
 * Pipfile.lock (pipfile-spec 6): `default` is the runtime set; `develop`
 * (group "dev" or "develop") and Pipenv's other categories are added on request.
 */
export const pipfileLock: LockFormat = {
  tool: 'pipenv',
  candidates: ['Pipfile.lock'],
  matches: (name) => name === 'Pipfile.lock',
  parse(input: LockInput): LockParse {
    const {file, text, env} = input;
    let doc: Table;
    try {
      doc = JSON.parse(text) as Table;
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message)?.[1];
      const line = at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length;
      throw new LockError(file, line, `not valid JSON: ${(error as Error).message}`);
    }
    const meta = (doc._meta ?? {}) as Table;
    if (meta['pipfile-spec'] !== 6) {
      throw new LockError(file, lineOf(text, /"pipfile-spec"/), `pipfile-spec ${JSON.stringify(meta['pipfile-spec'])} is not one vdist knows (6)`, ['Make the lock again with a current Pipenv (`pipenv lock`)']);
    }
    if (input.extras.length > 0) throw new LockError(file, undefined, 'Pipfile.lock has no extras to choose: Pipenv resolves them when it locks', ['Remove `extras` from vdist.toml']);
    const categories = ['default', ...input.groups.map((g) => (['dev', 'develop', 'dev-packages'].includes(g) ? 'develop' : g))];
    const packages: LockedPackage[] = [];
    const keyLines = new Map<string, number>();
    text.split(/\r?\n/).forEach((l, i) => {
      const key = /^\s*"([^"]+)"\s*:\s*\{/.exec(l)?.[1];
      if (key !== undefined && !keyLines.has(key)) keyLines.set(key, i + 1);
    });
    for (const category of categories) {
      const section = doc[category];
      if (typeof section !== 'object' || section === null || category === '_meta') {
        const known = Object.keys(doc).filter((k) => k !== '_meta');
        throw new LockError(file, undefined, `no category "${category}" (categories: ${known.join(', ')})`, ['Fix `groups` in vdist.toml']);
      }
      for (const [name, entry] of Object.entries(section as Record<string, Table>)) {
        const line = keyLines.get(name);
        const marker = markerFrom(entry.markers, file, line, env);
        if (marker.kind === 'bool' && !marker.value) continue;
        const version = typeof entry.version === 'string' ? entry.version.replace(/^==/, '') : '';
        if (!version) throw new LockError(file, line, `${name} is not pinned to a version (a path, git or URL requirement): vdist can install only released files with hashes`, ['Depend on a released version of it']);
        const hashes = (Array.isArray(entry.hashes) ? entry.hashes : []).flatMap((h) => (pipHash(String(h)) ? [pipHash(String(h))!] : []));
        if (!packages.some((p) => normaliseName(p.name) === normaliseName(name))) packages.push({name, version, hashes, marker, line});
      }
    }
    const stale = input.pipfile === undefined ? undefined : pipfileStaleness(input.pipfile, meta);
    return {packages, ...(stale ? {stale} : {})};
  },
};

/** Pipenv's hash of the Pipfile (plette's Pipfile.get_hash). */
export function pipfileHash(pipfile: Table): string {
  const data: Table = {
    _meta: {sources: pipfile.source ?? [], requires: pipfile.requires ?? {}},
    default: pipfile.packages ?? {},
    develop: pipfile['dev-packages'] ?? {},
  };
  for (const [k, v] of Object.entries(pipfile)) if (!META_SECTIONS.has(k)) data[k] = v;
  return sha256Hex(pythonJsonDumps(data, [',', ':']));
}

function pipfileStaleness(pipfileText: string, meta: Table): Staleness | undefined {
  const recorded = ((meta.hash ?? {}) as Table).sha256;
  if (typeof recorded !== 'string') return undefined;
  if (pipfileHash(parseTomlFile(pipfileText, 'Pipfile')) === recorded) return undefined;
  return {message: "Pipfile.lock's hash does not match the Pipfile: the Pipfile changed after the lock was made", fix: 'pipenv lock'};
}

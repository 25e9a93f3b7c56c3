import {entryLines, markerFrom, parseTomlFile, pipHash} from './common.js';
import {LockError, lineOf} from './lock-error.js';
import {normaliseName} from './marker.js';
import type {LockFormat, LockInput, LockParse, LockedPackage} from './types.js';

type Table = Record<string, unknown>;

/**
 * pylock.toml and pylock.NAME.toml (PEP 751, lock-version 1.x): every
 * package carries its marker, in which `extras` and `dependency_groups` are
 * the requested ones (plus the file's default-groups).
 */
export const pylockToml: LockFormat = {
  tool: 'pylock',
  candidates: ['pylock.toml'],
  matches: (name) => /^pylock\.([^.]+\.)?toml$/.test(name),
  parse(input: LockInput): LockParse {
    const {file, text} = input;
    const doc = parseTomlFile(text, file);
    const version = String(doc['lock-version'] ?? '');
    if (!/^1(\.\d+)?$/.test(version)) {
      throw new LockError(file, lineOf(text, /^lock-version\s*=/), `lock-version "${version}" is not one vdist knows (1.0)`, ['Update vdist, or export the lock in PEP 751 version 1.0']);
    }
    const offered = (key: string) => new Set((Array.isArray(doc[key]) ? (doc[key] as unknown[]) : []).map((x) => normaliseName(String(x))));
    const extras = offered('extras');
    const groups = offered('dependency-groups');
    for (const x of input.extras) if (!extras.has(normaliseName(x))) throw new LockError(file, lineOf(text, /^extras\s*=/), `no extra "${x}" (extras: ${[...extras].join(', ') || 'none'})`, ['Fix `extras` in vdist.toml']);
    for (const g of input.groups) if (!groups.has(normaliseName(g))) throw new LockError(file, lineOf(text, /^dependency-groups\s*=/), `no dependency group "${g}" (groups: ${[...groups].join(', ') || 'none'})`, ['Fix `groups` in vdist.toml']);
    const env = {
      ...input.env,
      extras: new Set(input.extras.map(normaliseName)),
      dependency_groups: new Set([...offered('default-groups'), ...input.groups.map(normaliseName)]),
    };
    const packages: LockedPackage[] = [];
    const headers = entryLines(text, /^\[\[packages\]\]/);
    (Array.isArray(doc.packages) ? (doc.packages as Table[]) : []).forEach((pkg, i) => {
      const line = headers[i];
      if (typeof pkg.name !== 'string') throw new LockError(file, line, 'a [[packages]] entry without a name');
      const marker = markerFrom(pkg.marker, file, line, env);
      if (marker.kind === 'bool' && !marker.value) return;
      if (typeof pkg.version !== 'string') {
        throw new LockError(file, line, `${pkg.name} has no version (a VCS, directory or archive entry): vdist installs only released files with hashes`, ['Depend on a released version of it']);
      }
      const files = [...(Array.isArray(pkg.wheels) ? pkg.wheels : []), ...(pkg.sdist ? [pkg.sdist] : [])] as Table[];
      const hashes = [
        ...new Set(files.flatMap((f) => Object.entries((f.hashes ?? {}) as Table).flatMap(([algo, hex]) => (pipHash(`${algo}:${String(hex)}`) ? [pipHash(`${algo}:${String(hex)}`)!] : [])))),
      ];
      packages.push({name: pkg.name, version: pkg.version, hashes, marker, line});
    });
    return {packages};
  },
};

import {entryLines, markerFrom, fileHashes, mergeDuplicates, parseTomlFile} from './common.js';
import {LockError, lineOf} from './lock-error.js';
import {normaliseName} from './marker.js';
import {pythonJsonDumps, sha256Hex} from './python-json.js';
import type {LockFormat, LockInput, LockParse, LockedPackage, Staleness} from './types.js';

type Table = Record<string, unknown>;

/**
 * pdm.lock (lock_version 4.x): each package names its groups (`default`,
 * dev groups, and the extras, which PDM locks as groups) and its marker.
 */
export const pdmLock: LockFormat = {
  tool: 'pdm',
  candidates: ['pdm.lock'],
  matches: (name) => name === 'pdm.lock',
  parse(input: LockInput): LockParse {
    const {file, text, env} = input;
    const doc = parseTomlFile(text, file);
    const metadata = (doc.metadata ?? {}) as Table;
    const version = String(metadata.lock_version ?? '');
    if (!/^4\.\d+(\.\d+)?$/.test(version)) {
      throw new LockError(file, lineOf(text, /^lock_version\s*=/), `lock_version "${version}" is not one vdist knows (4.x)`, ['Update vdist, or make the lock again with PDM 2.x (`pdm lock`)']);
    }
    const locked = new Set((Array.isArray(metadata.groups) ? metadata.groups : ['default']).map((g) => normaliseName(String(g))));
    const wanted = new Set(['default', ...[...input.groups, ...input.extras].map(normaliseName)]);
    for (const g of wanted) {
      if (!locked.has(g)) {
        throw new LockError(file, lineOf(text, /^groups\s*=/), `group "${g}" is not in the lock (locked groups: ${[...locked].join(', ')})`, [`Lock it with \`pdm lock -G ${g}\`, or fix groups/extras in vdist.toml`]);
      }
    }
    const packages: LockedPackage[] = [];
    const headers = entryLines(text, /^\[\[package\]\]/);
    (Array.isArray(doc.package) ? (doc.package as Table[]) : []).forEach((pkg, i) => {
      const line = headers[i];
      if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new LockError(file, line, 'a [[package]] without a name or version');
      const groups = (Array.isArray(pkg.groups) ? pkg.groups : ['default']).map((g) => normaliseName(String(g)));
      if (!groups.some((g) => wanted.has(g))) return;
      const marker = markerFrom(pkg.marker, file, line, env);
      if (marker.kind === 'bool' && !marker.value) return;
      const hashes = fileHashes(pkg.files);
      packages.push({name: pkg.name, version: pkg.version, hashes, marker, line});
    });
    const stale = input.pyproject === undefined ? undefined : pdmStaleness(parseTomlFile(input.pyproject, 'pyproject.toml'), metadata.content_hash);
    return {packages: mergeDuplicates(packages), ...(stale ? {stale} : {})};
  },
};

/** PDM's content_hash of pyproject.toml (PDM 2.x's PyProject.content_hash). */
export function pdmContentHash(pyproject: Table): string {
  const project = (pyproject.project ?? {}) as Table;
  const pdm = ((pyproject.tool as Table | undefined)?.pdm ?? {}) as Table;
  return sha256Hex(
    pythonJsonDumps({
      sources: pdm.source ?? [],
      dependencies: project.dependencies ?? [],
      'dev-dependencies': pdm['dev-dependencies'] ?? {},
      'optional-dependencies': project['optional-dependencies'] ?? {},
      'requires-python': project['requires-python'] ?? '',
      resolution: pdm.resolution ?? {},
    }),
  );
}

function pdmStaleness(pyproject: Table, recorded: unknown): Staleness | undefined {
  if (typeof recorded !== 'string' || !recorded.startsWith('sha256:')) return undefined;
  const actual = pdmContentHash(pyproject);
  if (`sha256:${actual}` === recorded) return undefined;
  return {message: `pdm.lock's content_hash does not match pyproject.toml: pyproject.toml changed after the lock was made`, fix: 'pdm lock'};
}

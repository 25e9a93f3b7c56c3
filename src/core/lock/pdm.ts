import {entryLines, markerFrom, fileHashes, mergeDuplicates, parseRequirement, parseTomlFile, walkGraph, type Edge, type GraphNode} from './common.js';
import {LockError, lineOf} from './lock-error.js';
import {allOf, normaliseName, type MarkerEnv} from './marker.js';
import {pythonJsonDumps, sha256Hex} from './python-json.js';
import type {LockFormat, LockInput, LockParse, LockedPackage, Staleness} from './types.js';

type Table = Record<string, unknown>;
type Entry = {pkg: Table & {name: string; version: string}; line?: number};

/**
 * pdm.lock (lock_version 4.x). From 4.1 on each package names its groups
 * (`default`, dev groups, and the extras, which PDM locks as groups) and its
 * marker. 4.0 (PDM 2.0-2.3, e.g. Debian bookworm's 2.2) records only the
 * graph, with the files under [metadata.files]: the runtime set is walked
 * from pyproject.toml, as PDM itself does when it installs.
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
    const headers = entryLines(text, /^\[\[package\]\]/);
    const entries: Entry[] = (Array.isArray(doc.package) ? (doc.package as Table[]) : []).map((pkg, i) => {
      if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new LockError(file, headers[i], 'a [[package]] without a name or version');
      return {pkg: pkg as Entry['pkg'], line: headers[i]};
    });
    const pyproject = input.pyproject === undefined ? undefined : parseTomlFile(input.pyproject, 'pyproject.toml');
    const graphOnly = !Array.isArray(metadata.groups) && !entries.some((e) => Array.isArray(e.pkg.groups));
    const selected = graphOnly ? walkFromPyproject(entries, pyproject, input) : byGroups(entries, metadata, input);
    const legacyFiles = (metadata.files ?? {}) as Table;
    const packages: LockedPackage[] = [];
    for (const {pkg, line, reachedBy} of selected) {
      const marker = allOf([reachedBy, markerFrom(pkg.marker, file, line, env)]);
      if (marker.kind === 'bool' && !marker.value) continue;
      const hashes = fileHashes(Array.isArray(pkg.files) ? pkg.files : legacyFiles[`${pkg.name} ${pkg.version}`]);
      packages.push({name: pkg.name, version: pkg.version, hashes, marker, line});
    }
    const stale = pyproject === undefined ? undefined : pdmStaleness(pyproject, metadata.content_hash);
    return {packages: mergeDuplicates(packages), ...(stale ? {stale} : {})};
  },
};

type Selected = Entry & {reachedBy: ReturnType<typeof allOf>};

/** lock_version 4.1+: the packages of the default group and of the requested groups and extras. */
function byGroups(entries: Entry[], metadata: Table, input: LockInput): Selected[] {
  const {file, text} = input;
  const locked = new Set((Array.isArray(metadata.groups) ? metadata.groups : ['default']).map((g) => normaliseName(String(g))));
  const wanted = new Set(['default', ...[...input.groups, ...input.extras].map(normaliseName)]);
  for (const g of wanted) {
    if (!locked.has(g)) {
      throw new LockError(file, lineOf(text, /^groups\s*=/), `group "${g}" is not in the lock (locked groups: ${[...locked].join(', ')})`, [`Lock it with \`pdm lock -G ${g}\`, or fix groups/extras in vdist.toml`]);
    }
  }
  return entries
    .filter(({pkg}) => (Array.isArray(pkg.groups) ? pkg.groups : ['default']).some((g) => wanted.has(normaliseName(String(g)))))
    .map((e) => ({...e, reachedBy: allOf([])}));
}

/** A package of a 4.0 lock's graph: its name, plus `[extras]` for the entries PDM writes per set of extras. */
const nodeKey = (name: string, extras: readonly string[]) => normaliseName(name) + (extras.length > 0 ? `[${extras.map(normaliseName).sort().join(',')}]` : '');

/** lock_version 4.0: walks the graph from pyproject.toml's dependencies, groups and extras. */
function walkFromPyproject(entries: Entry[], pyproject: Table | undefined, input: LockInput): Selected[] {
  const {file, env} = input;
  if (pyproject === undefined) throw new LockError(file, undefined, 'a pdm.lock of lock_version 4.0 needs the pyproject.toml beside it (the dependencies and groups are there)');
  const project = (pyproject.project ?? {}) as Table;
  const pdm = ((pyproject.tool as Table | undefined)?.pdm ?? {}) as Table;
  const byKey = new Map<string, Entry>(entries.map((e) => [nodeKey(e.pkg.name, Array.isArray(e.pkg.extras) ? e.pkg.extras.map(String) : []), e]));
  // An edge to `name[extras]` goes to the entry PDM wrote for those extras, or to the plain one.
  const edges = (list: unknown, where: string, line: number | undefined, markerEnv: MarkerEnv): Edge[] =>
    (Array.isArray(list) ? list : []).flatMap((s) => {
      const req = typeof s === 'string' ? parseRequirement(s) : undefined;
      if (!req) return [];
      const withExtras = nodeKey(req.name, req.extras);
      return [{key: byKey.has(withExtras) ? withExtras : normaliseName(req.name), marker: markerFrom(req.marker, where, line, markerEnv), extras: []}];
    });
  const groups = new Map<string, unknown[]>();
  for (const table of [project['optional-dependencies'], pdm['dev-dependencies']]) {
    for (const [g, list] of Object.entries((table ?? {}) as Table)) groups.set(normaliseName(g), [...(groups.get(normaliseName(g)) ?? []), ...(Array.isArray(list) ? list : [])]);
  }
  const roots = edges(project.dependencies, 'pyproject.toml', undefined, env);
  for (const g of [...input.groups, ...input.extras]) {
    const list = groups.get(normaliseName(g));
    if (!list) throw new LockError('pyproject.toml', undefined, `no group or extra "${g}" (groups and extras: ${[...groups.keys()].join(', ') || 'none'})`, ['Fix groups/extras in vdist.toml']);
    roots.push(...edges(list, 'pyproject.toml', undefined, env));
  }
  const nodes = new Map<string, GraphNode>([...byKey].map(([key, {pkg, line}]) => [key, {deps: edges(pkg.dependencies, file, line, env), extras: {}}]));
  const reached = walkGraph(roots, nodes, (key) => {
    throw new LockError(file, undefined, `${key} is a dependency (of pyproject.toml or a locked package) without a [[package]] entry: the lock is out of date`, ['Run `pdm lock` and commit pdm.lock']);
  });
  return [...reached].map(([key, reachedBy]) => ({...byKey.get(key)!, reachedBy}));
}

/**
 * PDM's content_hash of pyproject.toml (PyProject.content_hash): the
 * resolution settings are `overrides` up to PDM 2.4 and `resolution` after.
 * Returns the hash of each variant.
 */
export function pdmContentHashes(pyproject: Table): string[] {
  const project = (pyproject.project ?? {}) as Table;
  const pdm = ((pyproject.tool as Table | undefined)?.pdm ?? {}) as Table;
  const common = {
    sources: pdm.source ?? [],
    dependencies: project.dependencies ?? [],
    'dev-dependencies': pdm['dev-dependencies'] ?? {},
    'optional-dependencies': project['optional-dependencies'] ?? {},
    'requires-python': project['requires-python'] ?? '',
  };
  return [{...common, resolution: pdm.resolution ?? {}}, {...common, overrides: pdm.overrides ?? {}}].map((d) => sha256Hex(pythonJsonDumps(d)));
}

function pdmStaleness(pyproject: Table, recorded: unknown): Staleness | undefined {
  if (typeof recorded !== 'string' || !recorded.startsWith('sha256:')) return undefined;
  if (pdmContentHashes(pyproject).some((h) => `sha256:${h}` === recorded)) return undefined;
  return {message: `pdm.lock's content_hash does not match pyproject.toml: pyproject.toml changed after the lock was made`, fix: 'pdm lock'};
}

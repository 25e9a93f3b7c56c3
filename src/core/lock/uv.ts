import {entryLines, fileHashes, markerFrom, parseRequirement, parseTomlFile, walkGraph, type Edge, type GraphNode} from './common.js';
import {LockError, lineOf} from './lock-error.js';
import {normaliseName, type MarkerEnv} from './marker.js';
import type {LockFormat, LockInput, LockParse, LockedPackage, Staleness} from './types.js';

type Table = Record<string, unknown>;

/**
 * uv.lock (version 1): the graph from the project's own package entry
 * (source `editable` or `virtual`), its dependencies, then the requested
 * optional-dependencies (extras) and dev-dependencies (groups).
 */
export const uvLock: LockFormat = {
  tool: 'uv',
  candidates: ['uv.lock'],
  matches: (name) => name === 'uv.lock',
  parse(input: LockInput): LockParse {
    const {file, text, env} = input;
    const doc = parseTomlFile(text, file);
    if (doc.version !== 1) throw new LockError(file, lineOf(text, /^version\s*=/), `version ${JSON.stringify(doc.version)} is not one vdist knows (1)`, ['Update vdist, or make the lock with a uv release that writes version 1']);
    const packages = (Array.isArray(doc.package) ? doc.package : []) as Table[];
    const count = new Map<string, number>();
    for (const p of packages) count.set(normaliseName(String(p.name)), (count.get(normaliseName(String(p.name))) ?? 0) + 1);
    const keyOf = (name: string, version?: unknown) => (count.get(normaliseName(name))! > 1 && typeof version === 'string' ? `${normaliseName(name)}==${version}` : normaliseName(name));
    const pyproject = input.pyproject === undefined ? {} : parseTomlFile(input.pyproject, 'pyproject.toml');
    const projectName = ((pyproject.project ?? {}) as Table).name;

    const nodes = new Map<string, GraphNode & {pkg: Table; line?: number; groups: Record<string, Edge[]>}>();
    let root: string | undefined;
    const headers = entryLines(text, /^\[\[package\]\]/);
    packages.forEach((pkg, i) => {
      const line = headers[i];
      if (typeof pkg.name !== 'string') throw new LockError(file, line, 'a [[package]] without a name');
      const edges = (list: unknown) => depEdges(list, keyOf, file, line, env);
      const key = keyOf(pkg.name, pkg.version);
      const table = (t: unknown) => Object.fromEntries(Object.entries((t ?? {}) as Table).map(([k, v]) => [normaliseName(k), edges(v)]));
      nodes.set(key, {pkg, line, deps: edges(pkg.dependencies), extras: table(pkg['optional-dependencies']), groups: table(pkg['dev-dependencies'])});
      const source = (pkg.source ?? {}) as Table;
      const isLocal = source.editable === '.' || source.virtual === '.';
      if ((typeof projectName === 'string' ? normaliseName(projectName) === normaliseName(pkg.name) : isLocal) && root === undefined) root = key;
    });
    if (root === undefined) throw new LockError(file, undefined, "no package for the project itself (source = { editable = \".\" } or { virtual = \".\" })", ['Run `uv lock` in the project directory']);
    const rootNode = nodes.get(root)!;
    const start: Edge[] = [...rootNode.deps];
    for (const x of input.extras) {
      const edges = rootNode.extras[normaliseName(x)];
      if (!edges) throw new LockError(file, rootNode.line, `no extra "${x}" (extras: ${Object.keys(rootNode.extras).join(', ') || 'none'})`, ['Fix `extras` in vdist.toml']);
      start.push(...edges);
    }
    for (const g of input.groups) {
      const edges = rootNode.groups[normaliseName(g)];
      if (!edges) throw new LockError(file, rootNode.line, `no dependency group "${g}" (groups: ${Object.keys(rootNode.groups).join(', ') || 'none'})`, ['Fix `groups` in vdist.toml']);
      start.push(...edges);
    }
    const reached = walkGraph(start, nodes, (key) => {
      throw new LockError(file, undefined, `a dependency on ${key}, which has no [[package]] entry`);
    });
    const result: LockedPackage[] = [];
    for (const [key, marker] of reached) {
      if (key === root) continue;
      const {pkg, line} = nodes.get(key)!;
      const source = (pkg.source ?? {}) as Table;
      if (source.virtual !== undefined) continue;
      const hashes = fileHashes([...(Array.isArray(pkg.wheels) ? pkg.wheels : []), ...(pkg.sdist ? [pkg.sdist] : [])]);
      result.push({name: pkg.name as string, version: String(pkg.version ?? ''), hashes, marker, line});
    }
    const stale = input.pyproject === undefined ? undefined : uvStaleness(pyproject, rootNode.pkg);
    return {packages: result, ...(stale ? {stale} : {})};
  },
};

function depEdges(list: unknown, keyOf: (name: string, version?: unknown) => string, file: string, line: number | undefined, env: MarkerEnv): Edge[] {
  return (Array.isArray(list) ? list : []).map((d: Table) => ({
    key: keyOf(String(d.name), d.version),
    marker: markerFrom(d.marker, file, line, env),
    extras: Array.isArray(d.extra) ? d.extra.map(String) : [],
  }));
}

/** uv records the project's requirements (`[package.metadata]`): names that differ from pyproject.toml's mean a stale lock. */
function uvStaleness(pyproject: Table, rootPkg: Table): Staleness | undefined {
  const project = (pyproject.project ?? {}) as Table;
  const recorded = (((rootPkg.metadata ?? {}) as Table)['requires-dist'] ?? undefined) as Table[] | undefined;
  if (!Array.isArray(recorded)) return undefined;
  const wanted = new Set<string>();
  const add = (list: unknown) => {
    for (const s of Array.isArray(list) ? list : []) {
      const r = typeof s === 'string' ? parseRequirement(s) : undefined;
      if (r) wanted.add(normaliseName(r.name));
    }
  };
  add(project.dependencies);
  for (const list of Object.values((project['optional-dependencies'] ?? {}) as Table)) add(list);
  const locked = new Set(recorded.map((r) => normaliseName(String(r.name))));
  const added = [...wanted].filter((n) => !locked.has(n));
  const removed = [...locked].filter((n) => !wanted.has(n));
  if (added.length === 0 && removed.length === 0) return undefined;
  const parts = [added.length ? `not locked: ${added.join(', ')}` : '', removed.length ? `no longer in pyproject.toml: ${removed.join(', ')}` : ''].filter(Boolean);
  return {message: `uv.lock does not match pyproject.toml's dependencies (${parts.join('; ')})`, fix: 'uv lock'};
}

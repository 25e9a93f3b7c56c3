import {entryLines, fileHashes, markerFrom, parseRequirement, parseTomlFile, walkGraph, type Edge, type GraphNode} from './common.js';
import {LockError} from './lock-error.js';
import {allOf, anyOf, normaliseName, parseMarker, evaluateMarker, TRUE, type Marker, type MarkerEnv} from './marker.js';
import {pythonJsonDumps, sha256Hex} from './python-json.js';
import type {LockFormat, LockInput, LockParse, LockedPackage, Staleness} from './types.js';

type Table = Record<string, unknown>;
const KNOWN_VERSIONS = ['1.0', '1.1', '2.0', '2.1'];

/**
 * poetry.lock, Poetry 1.x (lock-version 1.x and 2.0) and 2.x (2.1). The lock
 * holds the dependency graph; the runtime set is walked from pyproject.toml's
 * main dependencies plus the requested groups and extras, as Poetry does.
 * Poetry 1.x reads only [tool.poetry]: a [project] table beside it (a
 * setuptools build's, say) is none of its business, for the walk as for
 * the content-hash.
 */
export const poetryLock: LockFormat = {
  tool: 'poetry',
  candidates: ['poetry.lock'],
  matches: (name) => name === 'poetry.lock',
  parse(input: LockInput): LockParse {
    const {file, text, env} = input;
    const doc = parseTomlFile(text, file);
    const metadata = (doc.metadata ?? {}) as Table;
    const version = String(metadata['lock-version'] ?? '');
    if (!KNOWN_VERSIONS.includes(version)) {
      throw new LockError(file, lineAt(text, /^lock-version\s*=/), `lock-version "${version}" is not one vdist knows (${KNOWN_VERSIONS.join(', ')})`, ['Update vdist, or make the lock with a Poetry release it knows']);
    }
    if (input.pyproject === undefined) throw new LockError(file, undefined, 'poetry.lock needs the pyproject.toml beside it (the main dependencies and groups are there)');
    const parsed = parseTomlFile(input.pyproject, 'pyproject.toml');
    const pyproject = version === '2.1' ? parsed : poetry1View(parsed);
    const packages = Array.isArray(doc.package) ? (doc.package as Table[]) : [];
    const legacyFiles = (metadata.files ?? {}) as Record<string, unknown>;

    const nodes = new Map<string, GraphNode>();
    const entries = new Map<string, Array<{pkg: Table; line?: number}>>();
    const headers = entryLines(text, /^\[\[package\]\]/);
    packages.forEach((pkg, i) => {
      const line = headers[i];
      if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new LockError(file, line, 'a [[package]] without a name or version');
      const key = normaliseName(pkg.name);
      entries.set(key, [...(entries.get(key) ?? []), {pkg, line}]);
      const table = (pkg.dependencies ?? {}) as Table;
      const deps = dependencyEdges(table, file, line, env);
      const extras: Record<string, Edge[]> = {};
      for (const [extra, reqs] of Object.entries((pkg.extras ?? {}) as Record<string, unknown>)) {
        const named = (Array.isArray(reqs) ? reqs : []).flatMap((r) => {
          const req = parseRequirement(String(r).replace(/\s*\(.*\)\s*/, ' '));
          return req ? [{key: normaliseName(req.name), marker: TRUE, extras: req.extras}] : [];
        });
        // The optional dependencies' markers say `extra == "<this extra>"`: the package's extra, not the project's.
        const withExtra = {...env, extra: new Set([normaliseName(extra)]), extras: new Set([normaliseName(extra)])};
        extras[normaliseName(extra)] = mergeOptional(named, dependencyEdges(table, file, line, withExtra));
      }
      // Two versions of one package (split by markers): the graph joins their edges, the markers below choose.
      const seen = nodes.get(key);
      const node = {deps: deps.filter((d) => !d.optional), extras};
      nodes.set(key, seen ? {deps: [...seen.deps, ...node.deps], extras: {...seen.extras, ...node.extras}} : node);
    });

    const roots = rootEdges(pyproject, input, env);
    const reached = walkGraph(roots, nodes, (key) => {
      throw new LockError(file, undefined, `${key} is a dependency (of pyproject.toml or a locked package) without a [[package]] entry: the lock is out of date`, ['Run `poetry lock` and commit poetry.lock']);
    });
    const result: LockedPackage[] = [];
    const groups = ['main', ...input.groups.map(normaliseName)];
    for (const [key, reachedBy] of reached) {
      const versions = entries.get(key)!;
      if (versions.length > 1 && version !== '2.1') {
        throw new LockError(file, versions[1]!.line, `${key} is locked in ${versions.length} versions, and lock-version ${version} does not say which one is for which target`, ['Make the lock with Poetry 2 (lock-version 2.1)']);
      }
      for (const {pkg, line} of versions) {
        const marker = versions.length > 1 ? allOf([reachedBy, packageMarker(pkg, groups, file, line, env)]) : reachedBy;
        if (marker.kind === 'bool' && !marker.value) continue;
        const hashes = fileHashes(Array.isArray(pkg.files) ? pkg.files : (legacyFiles[pkg.name as string] ?? legacyFiles[key]));
        result.push({name: pkg.name as string, version: pkg.version as string, hashes, marker, line});
      }
    }
    const stale = poetryStaleness(pyproject, metadata['content-hash']);
    return {packages: result, ...(stale ? {stale} : {})};
  },
};

/** Poetry 2's own marker of a package (lock-version 2.1): one string, or one per group. */
function packageMarker(pkg: Table, groups: string[], file: string, line: number | undefined, env: MarkerEnv): Marker {
  const markers = pkg.markers;
  if (markers === undefined || typeof markers === 'string') return markerFrom(markers, file, line, env);
  const table = markers as Table;
  const own = (Array.isArray(pkg.groups) ? pkg.groups.map((g) => normaliseName(String(g))) : ['main']).filter((g) => groups.includes(g));
  return anyOf(own.map((g) => markerFrom(table[g], file, line, env)));
}

const lineAt = (text: string, re: RegExp) => text.split(/\r?\n/).findIndex((l) => re.test(l)) + 1 || undefined;

type PoetryEdge = Edge & {optional: boolean};

/** The edges of a `[package.dependencies]` or `[tool.poetry.dependencies]` table. */
function dependencyEdges(table: Table, file: string, line: number | undefined, env: MarkerEnv): PoetryEdge[] {
  const edges: PoetryEdge[] = [];
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue;
    for (const item of Array.isArray(spec) ? spec : [spec]) {
      const t = (typeof item === 'object' && item !== null ? item : {}) as Table;
      const marker = allOf([markerFrom(t.markers, file, line, env), typeof t.python === 'string' ? pythonConstraint(t.python, env) : TRUE]);
      edges.push({key: normaliseName(name), marker, extras: Array.isArray(t.extras) ? t.extras.map(String) : [], optional: t.optional === true});
    }
  }
  return edges;
}

/** An optional dependency is reached only through the extra that names it, under its own marker and extras. */
function mergeOptional(named: Edge[], deps: PoetryEdge[]): Edge[] {
  const optional = new Map(deps.filter((d) => d.optional).map((d) => [d.key, d]));
  return named.map((e) => optional.get(e.key) ?? e);
}

/** Main dependencies, the requested groups and extras, from pyproject.toml ([tool.poetry] and [project]). */
function rootEdges(pyproject: Table, input: LockInput, env: MarkerEnv): Edge[] {
  const tool = ((pyproject.tool as Table | undefined)?.poetry ?? {}) as Table;
  const project = (pyproject.project ?? {}) as Table;
  const fromTable = (t: unknown) => dependencyEdges((t ?? {}) as Table, 'pyproject.toml', undefined, env);
  const fromStrings = (list: unknown): PoetryEdge[] =>
    (Array.isArray(list) ? list : []).flatMap((s) => {
      const req = typeof s === 'string' ? parseRequirement(s) : undefined;
      return req ? [{key: normaliseName(req.name), marker: markerFrom(req.marker, 'pyproject.toml', undefined, env), extras: req.extras, optional: false}] : [];
    });
  const main = [...fromTable(tool.dependencies), ...fromStrings(project.dependencies)];
  const edges: Edge[] = main.filter((e) => !e.optional);

  const groups = new Map<string, Edge[]>();
  for (const [g, t] of Object.entries((tool.group ?? {}) as Record<string, Table>)) groups.set(normaliseName(g), fromTable(t.dependencies));
  if (tool['dev-dependencies']) groups.set('dev', [...(groups.get('dev') ?? []), ...fromTable(tool['dev-dependencies'])]);
  for (const [g, list] of Object.entries((pyproject['dependency-groups'] ?? {}) as Table)) groups.set(normaliseName(g), [...(groups.get(normaliseName(g)) ?? []), ...fromStrings(list)]);
  for (const g of input.groups) {
    const found = groups.get(normaliseName(g));
    if (!found) throw new LockError('pyproject.toml', undefined, `no dependency group "${g}" (groups: ${[...groups.keys()].join(', ') || 'none'})`, ['Fix `groups` in vdist.toml']);
    edges.push(...found);
  }

  const extras = new Map<string, Edge[]>();
  const optional = new Map(main.filter((e) => e.optional).map((e) => [e.key, e]));
  for (const [x, names] of Object.entries((tool.extras ?? {}) as Record<string, unknown>)) {
    extras.set(normaliseName(x), (Array.isArray(names) ? names : []).map((n) => optional.get(normaliseName(String(n))) ?? {key: normaliseName(String(n)), marker: TRUE, extras: []}));
  }
  for (const [x, list] of Object.entries((project['optional-dependencies'] ?? {}) as Table)) extras.set(normaliseName(x), [...(extras.get(normaliseName(x)) ?? []), ...fromStrings(list)]);
  for (const x of input.extras) {
    const found = extras.get(normaliseName(x));
    if (!found) throw new LockError('pyproject.toml', undefined, `no extra "${x}" (extras: ${[...extras.keys()].join(', ') || 'none'})`, ['Fix `extras` in vdist.toml']);
    edges.push(...found);
  }
  return edges;
}

/** A Poetry Python constraint (`^3.8`, `>=3.7,<4`, `~3.9 || ^3.11`) as a marker, decided where the version is known. */
export function pythonConstraint(constraint: string, env: MarkerEnv): Marker {
  const alternatives = constraint.split('||').map((alt) =>
    allOf(
      alt
        .split(/,|\s+(?=[<>=!^~])/)
        .map((s) => s.trim())
        .filter((s) => s && s !== '*')
        .map((s) => clause(s)),
    ),
  );
  return evaluateMarker(anyOf(alternatives), env);
}

function clause(s: string): Marker {
  const m = /^(\^|~=|~|>=|<=|>|<|==|!=|=)?\s*([0-9][0-9.*]*)$/.exec(s);
  if (!m) return TRUE;
  const [op = '==', v] = [m[1], m[2]!];
  const parts = v.split('.').filter((p) => p !== '*').map(Number);
  const cmp = (o: string, x: string) => parseMarker(`python_full_version ${o} "${x}"`);
  if (op === '^' || op === '~') {
    const upper = op === '^' ? caretUpper(parts) : parts.length === 1 ? [parts[0]! + 1] : [parts[0]!, parts[1]! + 1];
    return allOf([cmp('>=', parts.join('.')), cmp('<', upper.join('.'))]);
  }
  if (v.includes('*') || op === '=' || op === '==') return v.includes('*') ? parseMarker(`python_full_version == "${parts.join('.')}.*"`) : cmp('==', v);
  return cmp(op, v);
}

function caretUpper(parts: number[]): number[] {
  const i = parts.findIndex((p) => p !== 0);
  const at = i === -1 ? parts.length - 1 : i;
  return [...parts.slice(0, at), parts[at]! + 1];
}

/** What Poetry 1.x reads of pyproject.toml: [tool.poetry] only. */
function poetry1View(pyproject: Table): Table {
  return {tool: {poetry: ((pyproject.tool as Table | undefined)?.poetry ?? {}) as Table}};
}

/**
 * Poetry's content-hash of pyproject.toml (Poetry's Locker._get_content_hash),
 * against the lock's: [tool.poetry] alone for Poetry 1.x (give it
 * poetry1View), [project] and dependency-groups too when there (Poetry 2).
 */
export function poetryContentHash(pyproject: Table): string {
  const tool = ((pyproject.tool as Table | undefined)?.poetry ?? {}) as Table;
  const project = (pyproject.project ?? {}) as Table;
  const legacy = ['dependencies', 'source', 'extras', 'dev-dependencies'];
  const relevantProject: Table = {};
  for (const key of ['requires-python', 'dependencies', 'optional-dependencies']) if (project[key] !== undefined) relevantProject[key] = project[key];
  const relevantPoetry: Table = {};
  const hasProject = Object.keys(relevantProject).length > 0;
  for (const key of [...legacy, 'group']) {
    const data = tool[key];
    if (data === undefined && (!legacy.includes(key) || hasProject)) continue;
    relevantPoetry[key] = data ?? null;
  }
  let content: Table = relevantPoetry;
  if (hasProject) {
    content = {project: relevantProject, tool: {poetry: relevantPoetry}};
    if (pyproject['dependency-groups'] !== undefined) content['dependency-groups'] = pyproject['dependency-groups'];
  }
  return sha256Hex(pythonJsonDumps(content));
}

function poetryStaleness(pyproject: Table, recorded: unknown): Staleness | undefined {
  if (typeof recorded !== 'string' || recorded === '') return undefined;
  const actual = poetryContentHash(pyproject);
  if (actual === recorded) return undefined;
  return {message: `poetry.lock's content-hash (${recorded.slice(0, 12)}…) does not match pyproject.toml (${actual.slice(0, 12)}…): pyproject.toml changed after the lock was made`, fix: 'poetry lock'};
}

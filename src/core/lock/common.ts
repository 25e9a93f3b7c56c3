import {load} from 'js-toml';
import {LockError} from './lock-error.js';
import {allOf, anyOf, evaluateMarker, formatMarker, normaliseName, parseMarker, TRUE, type Marker, type MarkerEnv} from './marker.js';
import type {LockedPackage} from './types.js';

const HASH = /^(sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/;

/** `sha256:HEX` for pip, or undefined for an algorithm pip does not take. */
export function pipHash(text: string): string | undefined {
  const m = HASH.exec(text.trim());
  return m ? `${m[1]}:${m[2]!.toLowerCase()}` : undefined;
}

/** The pip hashes of a lock's file entries (`{hash = "sha256:..."}`), each once. */
export function fileHashes(files: unknown): string[] {
  const list = (Array.isArray(files) ? files : []) as Array<Record<string, unknown>>;
  return [...new Set(list.flatMap((f) => (typeof f.hash === 'string' ? [pipHash(f.hash)] : [])).filter((h): h is string => h !== undefined))];
}

/** Parses a TOML lock or project file; a syntax error names the file and line. */
export function parseTomlFile(text: string, file: string): Record<string, unknown> {
  try {
    return load(text) as Record<string, unknown>; // a TOML document is always a table
  } catch (error) {
    const e = error as Error & {errors?: Array<{line?: number; token?: {startLine?: number}; message: string}>};
    const first = e.errors?.[0];
    throw new LockError(file, first?.line ?? first?.token?.startLine, `not valid TOML: ${(first?.message ?? e.message).split('\n')[0]}`);
  }
}

/** Parses a marker from a lock file; an unreadable one names the file and line. */
export function markerFrom(text: unknown, file: string, line: number | undefined, env: MarkerEnv): Marker {
  if (text === undefined || text === null || text === '') return TRUE;
  if (typeof text !== 'string') throw new LockError(file, line, `a marker must be a string, not ${JSON.stringify(text)}`);
  try {
    return evaluateMarker(parseMarker(text), env);
  } catch (error) {
    throw new LockError(file, line, (error as Error).message);
  }
}

/** A PEP 508 requirement's name, extras and marker (its version specifier is the lock's business). */
export interface Requirement {
  name: string;
  extras: string[];
  marker?: string;
}

export function parseRequirement(text: string): Requirement | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?([^;]*)(?:;(.*))?$/.exec(text);
  if (!m) return undefined;
  const extras = (m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  return {name: m[1]!, extras, ...(m[4]?.trim() ? {marker: m[4].trim()} : {})};
}

/** The hashed requirements file pip installs with --require-hashes --no-deps. */
export function renderRequirements(packages: readonly LockedPackage[]): string {
  const sorted = [...packages].sort((a, b) => (normaliseName(a.name) < normaliseName(b.name) ? -1 : 1));
  return sorted
    .map((p) => {
      const marker = p.marker.kind === 'bool' ? '' : ` ; ${formatMarker(p.marker)}`;
      return [`${p.name}==${p.version}${marker}`, ...p.hashes.map((h) => `    --hash=${h}`)].join(' \\\n');
    })
    .join('\n')
    .concat(sorted.length > 0 ? '\n' : '');
}

/** Same name and version twice (e.g. PDM's entries per extra): one entry, hashes and markers joined. */
export function mergeDuplicates(packages: LockedPackage[]): LockedPackage[] {
  const byKey = new Map<string, LockedPackage>();
  for (const p of packages) {
    const key = `${normaliseName(p.name)}==${p.version}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, {...p, hashes: [...p.hashes]});
    else byKey.set(key, {...seen, hashes: [...new Set([...seen.hashes, ...p.hashes])], marker: anyOf([seen.marker, p.marker])});
  }
  return [...byKey.values()];
}

/** The line (1-based) of each `[[package]]`-style entry whose header is `header`, in order: one pass over the text. */
export function entryLines(text: string, header: RegExp): number[] {
  return text.split(/\r?\n/).flatMap((line, i) => (header.test(line) ? [i + 1] : []));
}

/** A dependency edge of a lock's graph: to a package key, under a marker, asking for extras. */
export interface Edge {
  key: string;
  marker: Marker;
  extras: readonly string[];
}

/** A package of a lock's graph, with its plain and its per-extra dependencies. */
export interface GraphNode {
  deps: Edge[];
  extras: Record<string, Edge[]>;
}

/**
 * Walks a lock's dependency graph from `roots` (Poetry 1.2-1.8 and uv record
 * only the graph, not the runtime set). Each reached package gets the `or`
 * of the markers of the paths to it. Bounded: a cycle stops once a path
 * brings nothing new.
 */
export function walkGraph(roots: readonly Edge[], nodes: ReadonlyMap<string, GraphNode>, missing: (key: string) => never): Map<string, Marker> {
  const reached = new Map<string, Marker>();
  const seen = new Set<string>();
  const queue = roots.filter((r) => !(r.marker.kind === 'bool' && !r.marker.value)).map((r) => ({...r}));
  for (let steps = 0; queue.length > 0 && steps < 100_000; steps++) {
    const {key, marker, extras} = queue.shift()!;
    const id = `${key}|${formatMarker(marker)}|${[...extras].sort().join(',')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes.get(key) ?? missing(key);
    reached.set(key, anyOf([reached.get(key) ?? {kind: 'bool', value: false}, marker]));
    const edges = [...node.deps, ...extras.flatMap((e) => node.extras[normaliseName(e)] ?? [])];
    for (const edge of edges) {
      const m = allOf([marker, edge.marker]);
      if (m.kind === 'bool' && !m.value) continue;
      queue.push({key: edge.key, marker: m, extras: edge.extras});
    }
  }
  return reached;
}

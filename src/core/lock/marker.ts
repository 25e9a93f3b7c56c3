/**
 * PEP 508 environment markers: parsed, evaluated as far as the host knows
 * the target (the requested extras, the OS, the Python version when vdist
 * compiles it), and written back with what is left for pip to decide in the
 * container. No npm package for this runs on Node 20, and the grammar is small.
 */

export type MarkerValue = {kind: 'var'; name: string} | {kind: 'str'; value: string};
export type Marker =
  | {kind: 'bool'; value: boolean}
  | {kind: 'cmp'; left: MarkerValue; op: string; right: MarkerValue}
  | {kind: 'and' | 'or'; items: Marker[]};

/** What is known of the target: a string, or a set for `extra`, `extras` and `dependency_groups`. */
export type MarkerEnv = Record<string, string | ReadonlySet<string>>;

export const TRUE: Marker = {kind: 'bool', value: true};
export const FALSE: Marker = {kind: 'bool', value: false};

const VARIABLES = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system', 'platform_version',
  'platform_machine', 'platform_python_implementation', 'implementation_name', 'implementation_version', 'extra', 'extras',
  'dependency_groups', 'os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation',
]);
const LEGACY: Record<string, string> = {
  'os.name': 'os_name', 'sys.platform': 'sys_platform', 'platform.version': 'platform_version', 'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation', python_implementation: 'platform_python_implementation',
};
const TOKEN = /\s*(\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/y;

/** Parses a marker; throws an Error naming the position of the first thing it cannot read. */
export function parseMarker(text: string): Marker {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot read marker "${text}" at column ${at + 1}`);
    tokens.push(m[1]!.replace(/\s+/g, ' '));
    at = TOKEN.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const fail = (what: string): never => {
    throw new Error(`cannot read marker "${text}": expected ${what}${peek() ? ` before "${peek()}"` : ' at the end'}`);
  };
  const value = (): MarkerValue => {
    const t = tokens[i++] ?? fail('a value');
    if (t.startsWith("'") || t.startsWith('"')) return {kind: 'str', value: t.slice(1, -1)};
    if (!VARIABLES.has(t)) return fail(`a marker variable, not "${t}"`);
    return {kind: 'var', name: LEGACY[t] ?? t};
  };
  const atom = (): Marker => {
    if (peek() === '(') {
      i++;
      const inner = or();
      if (tokens[i++] !== ')') fail('")"');
      return inner;
    }
    const left = value();
    const op = tokens[i++];
    if (!op || !['===', '==', '!=', '<=', '>=', '~=', '<', '>', 'in', 'not in'].includes(op)) return fail('a comparison');
    return {kind: 'cmp', left, op, right: value()};
  };
  const chain = (kind: 'and' | 'or', next: () => Marker) => (): Marker => {
    const items = [next()];
    while (peek() === kind) {
      i++;
      items.push(next());
    }
    return items.length === 1 ? items[0]! : {kind, items};
  };
  const and = chain('and', atom);
  const or = chain('or', and);
  const result = or();
  if (i < tokens.length) fail('"and" or "or"');
  return result;
}

/** `a and b`, simplified. */
export function allOf(items: Marker[]): Marker {
  const kept: Marker[] = [];
  for (const m of items.flatMap((x) => (x.kind === 'and' ? x.items : [x]))) {
    if (m.kind === 'bool') {
      if (!m.value) return FALSE;
      continue;
    }
    if (!kept.some((k) => formatMarker(k) === formatMarker(m))) kept.push(m);
  }
  return kept.length === 0 ? TRUE : kept.length === 1 ? kept[0]! : {kind: 'and', items: kept};
}

/** `a or b`, simplified. */
export function anyOf(items: Marker[]): Marker {
  const kept: Marker[] = [];
  for (const m of items.flatMap((x) => (x.kind === 'or' ? x.items : [x]))) {
    if (m.kind === 'bool') {
      if (m.value) return TRUE;
      continue;
    }
    if (!kept.some((k) => formatMarker(k) === formatMarker(m))) kept.push(m);
  }
  return kept.length === 0 ? FALSE : kept.length === 1 ? kept[0]! : {kind: 'or', items: kept};
}

/** Evaluates what `env` knows; comparisons on unknown variables stay in the result. */
export function evaluateMarker(marker: Marker, env: MarkerEnv): Marker {
  switch (marker.kind) {
    case 'bool':
      return marker;
    case 'and':
      return allOf(marker.items.map((m) => evaluateMarker(m, env)));
    case 'or':
      return anyOf(marker.items.map((m) => evaluateMarker(m, env)));
    case 'cmp': {
      const result = compare(marker, env);
      return result === undefined ? marker : result ? TRUE : FALSE;
    }
  }
}

function compare({left, op, right}: {left: MarkerValue; op: string; right: MarkerValue}, env: MarkerEnv): boolean | undefined {
  const resolve = (v: MarkerValue) => (v.kind === 'str' ? v.value : env[v.name]);
  const l = resolve(left);
  const r = resolve(right);
  if (l === undefined || r === undefined) return undefined;
  if (typeof l !== 'string' || typeof r !== 'string') {
    // `extra == "x"` (the set of requested extras) and PEP 751's `"x" in extras`.
    const set = typeof l === 'string' ? (r as ReadonlySet<string>) : l;
    const item = normaliseName(typeof l === 'string' ? l : (r as string));
    if (op === '==' || op === 'in') return set.has(item);
    if (op === '!=' || op === 'not in') return !set.has(item);
    return undefined;
  }
  if (op === 'in') return r.includes(l);
  if (op === 'not in') return !r.includes(l);
  if (op === '===') return l === r;
  const lv = parseVersion(l);
  if (lv && (parseVersion(r) || (/^\s*\d+(\.\d+)*\.\*\s*$/.test(r) && (op === '==' || op === '!=')))) return versionMatches(lv, op, r.trim());
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    default:
      return undefined;
  }
}

interface Version {
  release: number[];
  /** Pre-release rank: undefined for a final release. */
  pre?: [number, number];
}

function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta)[-_.]?(\d*))?\s*$/i.exec(text);
  if (!m) return undefined;
  const rank = {a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2}[m[2]?.toLowerCase() ?? ''] ?? -1;
  return {release: m[1]!.split('.').map(Number), ...(m[2] ? {pre: [rank, Number(m[3] || 0)] as [number, number]} : {})};
}

function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (!a.pre || !b.pre) return a.pre ? -1 : b.pre ? 1 : 0;
  return Math.sign(a.pre[0] - b.pre[0] || a.pre[1] - b.pre[1]);
}

/** PEP 440's ==, !=, <, <=, >, >= (with .* prefixes) and ~=, on release numbers. */
function versionMatches(v: Version, op: string, spec: string): boolean {
  if ((op === '==' || op === '!=') && spec.endsWith('.*')) {
    const prefix = spec.slice(0, -2).split('.').map(Number);
    const same = prefix.every((p, i) => (v.release[i] ?? 0) === p);
    return op === '==' ? same : !same;
  }
  const s = parseVersion(spec);
  if (!s) return false;
  const c = compareVersions(v, s);
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '~=': {
      const prefix = s.release.slice(0, Math.max(1, s.release.length - 1));
      return c >= 0 && prefix.every((p, i) => (v.release[i] ?? 0) === p);
    }
    default:
      return false;
  }
}

/** Writes a marker back in PEP 508 syntax (pip reads it in a requirements file). */
export function formatMarker(marker: Marker, parent?: 'and' | 'or'): string {
  switch (marker.kind) {
    case 'bool':
      // Only reached for a marker that simplified to a constant: a comparison with that value.
      return marker.value ? 'python_version >= "0"' : 'python_version < "0"';
    case 'cmp':
      return `${formatValue(marker.left)} ${marker.op} ${formatValue(marker.right)}`;
    case 'and':
    case 'or': {
      const text = marker.items.map((m) => formatMarker(m, marker.kind)).join(` ${marker.kind} `);
      return parent === 'and' && marker.kind === 'or' ? `(${text})` : text;
    }
  }
}

function formatValue(v: MarkerValue): string {
  if (v.kind === 'var') return v.name;
  return v.value.includes('"') ? `'${v.value}'` : `"${v.value}"`;
}

/** PEP 503's normalised project name (also PEP 685's for extras and groups). */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * What vdist knows of every target: a Linux CPython, the requested extras and
 * groups, and the Python version when vdist compiles it. The machine, the
 * kernel and (with the system's Python) the version are left to pip.
 */
export function targetEnvironment(opts: {pythonVersion?: string; extras: readonly string[]; groups: readonly string[]}): MarkerEnv {
  const env: MarkerEnv = {
    os_name: 'posix',
    sys_platform: 'linux',
    platform_system: 'Linux',
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
    extra: new Set(opts.extras.map(normaliseName)),
    extras: new Set(opts.extras.map(normaliseName)),
    dependency_groups: new Set(opts.groups.map(normaliseName)),
  };
  if (opts.pythonVersion) {
    env.python_full_version = opts.pythonVersion;
    env.implementation_version = opts.pythonVersion;
    env.python_version = opts.pythonVersion.split('.').slice(0, 2).join('.');
  }
  return env;
}

import {existsSync, readFileSync} from 'node:fs';
import {dirname, relative, resolve} from 'node:path';
import type {Arch} from '../arch.js';
import {ConfigError, formatProblem, type ConfigProblem} from '../errors.js';
import {ProfileRegistry} from '../profiles/registry.js';
import type {BuildSpec, LoadedConfig, ToolSettings} from '../types.js';
import {normaliseBuild} from './build-spec.js';
import {expandTree} from './expand.js';
import {report, reportIssues, type ProblemSink} from './issues.js';
import {LineIndex, type KeyPath} from './lines.js';
import {buildTableSchema, configFileSchema, vdistTableSchema, type BuildTable} from './schema.js';
import {toolSettings} from './settings.js';
import {parseToml} from '../support/toml-syntax.js';

/**
 * Reads and validates vdist.toml in stages (TOML syntax -> ${VAR} expansion
 * -> schema -> defaults merged and rules applied -> profiles resolved), and
 * throws one ConfigError carrying every problem found, each with
 * file:line and dotted key. Paths are resolved against the file's directory.
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, overrides: {arches?: readonly Arch[]} = {}): LoadedConfig {
  const {path, shown, source} = readConfigFile(file);
  const configDir = dirname(path);
  const sink: ProblemSink = {file: shown, lines: new LineIndex(source), problems: []};
  const expanded = expandTree(parseToml(source, shown), env);
  for (const p of expanded.problems) report(sink, p.path, p.message);
  const raw = expanded.value as Record<string, unknown>;

  const whole = configFileSchema.safeParse(raw, {reportInput: true});
  if (!whole.success) reportIssues(sink, whole.error.issues);

  const vdist = vdistTableSchema.safeParse(raw.vdist ?? {});
  const settings = toolSettings(vdist.success ? vdist.data : undefined, configDir);
  const profiles = ProfileRegistry.collect(settings.profiles_dir, sink.problems);

  // A key whose ${VAR} failed to expand is reported once, and no rule runs on its half-expanded value.
  const unexpanded = (base: KeyPath) => new Set(expanded.problems.filter((p) => sameBase(p.path, base)).map((p) => String(p.path[base.length])));
  const defaults = wellTyped(raw.defaults, unexpanded(['defaults']));
  const builds: Array<{spec: BuildSpec; index: number}> = [];
  const tables = Array.isArray(raw.build) ? raw.build : [];
  tables.forEach((table, i) => {
    const build = wellTyped(table, unexpanded(['build', i]));
    const specs = normaliseBuild(i, defaults.data, build.data, {sink, configDir, profiles, badKeys: new Set([...defaults.bad, ...build.bad]), arches: overrides.arches});
    for (const spec of specs ?? []) builds.push({spec, index: i});
  });
  checkUniqueNames(builds, sink);

  if (sink.problems.length > 0) throw new ConfigError(inFileOrder(sink.problems));
  return {file: path, settings, builds: builds.map((b) => b.spec), warnings: [...new Set(sink.warnings ?? [])]};
}

/**
 * Only the `[vdist]` settings, for commands that need no builds (profiles).
 * A missing file gives the defaults, relative to the current directory.
 */
export function loadToolSettings(file: string, env: NodeJS.ProcessEnv = process.env): ToolSettings {
  const path = resolve(file);
  if (!existsSync(path)) return toolSettings(undefined, process.cwd());
  const {shown, source} = readConfigFile(file);
  const sink: ProblemSink = {file: shown, lines: new LineIndex(source), problems: []};
  const parsed = parseToml(source, shown);
  const expanded = expandTree(parsed.vdist ?? {}, env, ['vdist']);
  for (const p of expanded.problems) report(sink, p.path, p.message);
  const vdist = vdistTableSchema.safeParse(expanded.value, {reportInput: true});
  if (!vdist.success) reportIssues(sink, vdist.error.issues, ['vdist']);
  if (sink.problems.length > 0) throw new ConfigError(sink.problems);
  return toolSettings(vdist.data, dirname(path));
}

function readConfigFile(file: string): {path: string; shown: string; source: string} {
  const path = resolve(file);
  const shown = relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || path;
  if (!existsSync(path)) {
    throw new ConfigError([{file: shown, message: 'file not found: run `vdist init` to write one, or pass --config PATH'}]);
  }
  const bytes = readFileSync(path);
  try {
    return {path, shown, source: new TextDecoder('utf-8', {fatal: true}).decode(bytes)};
  } catch {
    // TOML files are UTF-8: name the first line holding bytes that are not.
    const lines = bytes.toString('latin1').split('\n');
    const line = lines.findIndex((l) => Buffer.from(l, 'latin1').toString('utf8').includes('\uFFFD')) + 1;
    throw new ConfigError([{file: shown, line: line || undefined, message: 'not valid UTF-8 (TOML files must be UTF-8): re-save the file as UTF-8'}]);
  }
}

function checkUniqueNames(builds: Array<{spec: BuildSpec; index: number}>, sink: ProblemSink): void {
  const seen = new Set<string>();
  for (const {spec, index} of builds) {
    if (seen.has(spec.name)) report(sink, ['build', index, 'name'], `duplicate build name "${spec.name}": give each [[build]] its own name`);
    seen.add(spec.name);
  }
}

/**
 * The keys of a table that pass the schema. Type problems are reported from
 * the whole-file parse; the rules still run on the rest, so one bad key does
 * not hide the problems of the others.
 */
function wellTyped(table: unknown, unexpanded: Set<string>): {data: BuildTable; bad: Set<string>} {
  if (table === null || typeof table !== 'object' || Array.isArray(table)) return {data: {}, bad: new Set()};
  const parsed = buildTableSchema.safeParse(table);
  if (parsed.success && unexpanded.size === 0) return {data: parsed.data, bad: new Set()};
  const bad = new Set([...(parsed.error?.issues ?? []).map((i) => String(i.path[0] ?? '')), ...unexpanded]);
  const kept = Object.fromEntries(Object.entries(table).filter(([k]) => !bad.has(k) && k in buildTableSchema.shape));
  return {data: buildTableSchema.parse(kept), bad};
}

/** Problems sorted by line, each once (a bad [defaults] key would otherwise repeat for every build). */
function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
  return unique.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}

const sameBase = (path: KeyPath, base: KeyPath) => path.length > base.length && base.every((part, i) => path[i] === part);

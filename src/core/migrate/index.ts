import {existsSync, readFileSync} from 'node:fs';
import {dirname, extname, isAbsolute, join, relative, resolve} from 'node:path';
import {ConfigError, type ConfigProblem} from '../errors.js';
import {convertBuild} from './convert.js';
import {readIni} from './read-ini.js';
import {readScript} from './read-script.js';
import type {Entry, OriginalConfig} from './types.js';
import {writeImportedToml} from './write-toml.js';

export interface ImportOptions {
  /** Where the vdist.toml will be written: its relative paths are relative to its directory. */
  target: string;
  /** The directory the original was run in (`vdist batch`, `python package.py`). */
  cwd: string;
  /** How long a package.py may run. */
  timeoutMs: number;
}

export interface ImportResult {
  toml: string;
  kind: 'ini' | 'script';
  builds: number;
  /** Quirks of the original carried over as meant, and names that changed. */
  warnings: string[];
  dropped: string[];
}

/**
 * Reads an original vdist configuration (an INI file of 2.x `vdist batch`, or
 * a package.py of the Python API) and returns the equivalent vdist.toml.
 */
export async function importOriginal(file: string, options: ImportOptions): Promise<ImportResult> {
  const path = resolve(options.cwd, file);
  const shown = relative(options.cwd, path).startsWith('..') ? path : relative(options.cwd, path);
  if (!existsSync(path)) throw new ConfigError([{file: shown, message: 'file not found: give the INI file of `vdist batch` or the package.py of the original vdist'}], {code: 'IMPORT'});
  const text = readFileSync(path, 'utf8');
  const kind = detectKind(path, text, shown);
  const original = kind === 'ini' ? readIni(text, shown) : await readScript(path, shown, {timeoutMs: options.timeoutMs, cwd: options.cwd});
  return convert(original, shown, options);
}

function convert(original: OriginalConfig, shown: string, options: ImportOptions): ImportResult {
  const configDir = dirname(resolve(options.target));
  const problems: ConfigProblem[] = [];
  const rebase = (p: string) => {
    const rel = relative(configDir, resolve(options.cwd, p));
    return (isAbsolute(p) && rel.startsWith('..') ? p : rel || '.').replaceAll('$', () => '$$');
  };
  const converted = original.builds.map((b) => convertBuild(b, {cwd: options.cwd, configDir, problems, userProfiles: userProfileNames(resolve(options.cwd, original.tool.profiles_dir ?? 'buildprofiles'))}));
  if (problems.length > 0) throw new ConfigError(problems, {code: 'IMPORT'});

  const kept = converted.filter((b) => !b.skipped);
  const dropped = [...converted.flatMap((b) => (b.skipped ? [`${b.skipped}: the build is left out`] : [])), ...new Set(converted.flatMap((b) => b.dropped))];
  if (kept.length === 0) throw new ConfigError([{file: shown, message: `no build can be carried over:\n    ${dropped.join('\n    ')}`}], {code: 'IMPORT'});

  const vdist: Entry[] = [];
  const outputs = [...new Set(kept.flatMap((b) => (b.output_dir ? [b.output_dir] : [])))];
  if (outputs.length > 0) vdist.push({key: 'output_dir', value: rebase(outputs[0]!), comment: 'was output_folder'});
  if (outputs.length > 1) dropped.push(`output_folder ${outputs.slice(1).map((o) => `"${o}"`).join(', ')}: vdist writes every build into one output_dir ("${outputs[0]}")`);
  if (original.tool.profiles_dir) vdist.push({key: 'profiles_dir', value: rebase(original.tool.profiles_dir), comment: "from Builder(profiles_dir=...); profiles.json is read as is"});

  const warnings = [...original.warnings, ...new Set(kept.flatMap((b) => b.warnings))];
  return {
    toml: writeImportedToml({from: shown, kind: original.kind, vdist, builds: kept, dropped}),
    kind: original.kind,
    builds: kept.length,
    warnings,
    dropped,
  };
}

/**
 * Tells a package.py from an INI file: a `.py` name or Python statements
 * make a script, a `[section]` header before any option makes an INI file.
 */
function detectKind(path: string, text: string, shown: string): 'ini' | 'script' {
  if (extname(path) === '.py') return 'script';
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  if (first >= 0 && /^\s*\[[^\]]+\]/.test(lines[first]!)) return 'ini';
  if (first >= 0 && /^\s*(from\s+[\w.]+\s+import\b|import\s+[\w.]+)/.test(lines[first]!)) return 'script';
  throw new ConfigError(
    [{file: shown, line: first >= 0 ? first + 1 : undefined, message: 'neither an INI file of `vdist batch` (it starts with a [section] header) nor a package.py of the original Python API (a .py file)'}],
    {code: 'IMPORT'},
  );
}

function userProfileNames(profilesDir: string): Set<string> {
  try {
    return new Set(Object.keys(JSON.parse(readFileSync(join(profilesDir, 'profiles.json'), 'utf8')) as object));
  } catch {
    return new Set();
  }
}

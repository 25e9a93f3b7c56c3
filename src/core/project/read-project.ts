import {posix} from 'node:path';
import {load} from 'js-toml';

/** Reads the source of a build on the host: a file's text (undefined when absent) and a directory's file names. */
export interface SourceFiles {
  read(path: string): Promise<string | undefined>;
  /** Names (not paths) of the entries of a directory, [] when it is not there. */
  list(dir: string): Promise<string[]>;
}

/** A file of the project, by its path from the source root. */
export interface ProjectFile {
  path: string;
  text: string;
}

/**
 * What a Python project says about itself, for a package's copyright,
 * changelog and description: from pyproject.toml ([project], else
 * [tool.poetry]), setup.cfg's [metadata], and the files beside them.
 */
export interface ProjectInfo {
  /** The one-line summary (pyproject `description`). */
  summary?: string;
  /** The long description's file (pyproject `readme`, setup.cfg `long_description = file:`, else a README*). */
  readme?: ProjectFile;
  /** The license as the project declares it: an SPDX expression, or a name (`license = {text = "MIT"}`). */
  license?: string;
  /** A license text given inline (pyproject `license = {text = "..."}` of several lines). */
  licenseText?: string;
  /** License files: `license-files`, setup.cfg `license_files`, pyproject `license = {file}`, else LICENSE*, LICENCE*, COPYING*. */
  licenseFiles: ProjectFile[];
  /** Maintainers, then authors: `Name <email>` or a bare name or email. */
  people: {name?: string; email?: string}[];
  /** Where each part came from, for the build log. */
  from: string[];
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

const README_NAMES = ['README.md', 'README.rst', 'README.txt', 'README'];
const LICENSE_NAME = /^(LICEN[CS]E|COPYING)([._-].*)?$/i;

/** The project in `dir` (the build's working_dir, '' for the source root). Unreadable or absent metadata gives an empty ProjectInfo. */
export async function readProject(files: SourceFiles, dir: string): Promise<ProjectInfo> {
  const at = (p: string) => posix.normalize(posix.join(dir || '.', p)).replace(/^\.\//, '');
  const info: ProjectInfo = {licenseFiles: [], people: [], from: []};
  const pyproject = tomlTable(await files.read(at('pyproject.toml')));
  const project = isTable(pyproject?.project) ? pyproject.project : undefined;
  const poetry = isTable(pyproject?.tool) && isTable(pyproject.tool.poetry) ? pyproject.tool.poetry : undefined;
  const cfg = setupCfgMetadata(await files.read(at('setup.cfg')));
  const table = project ?? poetry;
  if (table) info.from.push('pyproject.toml');
  else if (cfg) info.from.push('setup.cfg');

  info.summary = str(table?.description) ?? cfg?.description;
  // license: an SPDX string (PEP 639), {text}, {file}, or poetry's string.
  let licenseFileNames: string[] | undefined;
  const license = table?.license;
  if (typeof license === 'string') info.license = str(license);
  else if (isTable(license)) {
    const text = str(license.text);
    if (text && text.trim().includes('\n')) info.licenseText = text.trim();
    else if (text) info.license = text.trim();
    if (str(license.file)) licenseFileNames = [license.file as string];
  }
  info.license ??= cfg?.license && !cfg.license.includes('\n') ? cfg.license : undefined;
  if (!info.license && !info.licenseText && cfg?.license) info.licenseText = cfg.license;

  const declared = project?.['license-files'] ?? (isTable(pyproject?.tool) && isTable(pyproject.tool.setuptools) ? pyproject.tool.setuptools['license-files'] : undefined);
  if (Array.isArray(declared)) licenseFileNames = [...(licenseFileNames ?? []), ...declared.filter((x): x is string => typeof x === 'string')];
  else if (isTable(declared) && Array.isArray(declared.paths)) licenseFileNames = declared.paths.filter((x): x is string => typeof x === 'string');
  if (!licenseFileNames && cfg?.license_files) licenseFileNames = cfg.license_files.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (!licenseFileNames && cfg?.license_file) licenseFileNames = [cfg.license_file];
  const names = licenseFileNames ?? (await files.list(dir || '.')).filter((n) => LICENSE_NAME.test(n)).sort();
  for (const path of await expandGlobs(files, names.map(at))) {
    const text = await files.read(path);
    if (text !== undefined) info.licenseFiles.push({path, text});
  }

  const readme = table?.readme;
  const readmeName = str(readme) ?? (isTable(readme) ? str(readme.file) : undefined) ?? /^file:\s*(\S+)/.exec(cfg?.long_description ?? '')?.[1];
  for (const name of readmeName ? [readmeName] : README_NAMES) {
    const text = await files.read(at(name));
    if (text !== undefined) {
      info.readme = {path: at(name), text};
      break;
    }
  }

  for (const key of ['maintainers', 'authors']) {
    const list = table?.[key];
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (isTable(p)) info.people.push({name: str(p.name), email: str(p.email)});
      else if (typeof p === 'string') info.people.push(parsePerson(p));
    }
  }
  if (cfg) {
    for (const [name, email] of [[cfg.maintainer, cfg.maintainer_email], [cfg.author, cfg.author_email]]) {
      if (name || email) info.people.push({name, email});
    }
  }
  return info;
}

/** `Name <email>` as poetry writes it. */
function parsePerson(text: string): {name?: string; email?: string} {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(text);
  return m ? {name: m[1] || undefined, email: m[2]} : text.includes('@') ? {email: text.trim()} : {name: text.trim()};
}

function tomlTable(text: string | undefined): Table | undefined {
  if (text === undefined) return undefined;
  try {
    const doc: unknown = load(text);
    return isTable(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** setup.cfg's [metadata] section: keys to values, continuation lines joined with newlines. */
export function setupCfgMetadata(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  let section = '';
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      key = undefined;
    } else if (section !== 'metadata' || /^\s*[#;]/.test(line)) {
      continue;
    } else if (/^\s/.test(line) && key !== undefined) {
      if (line.trim() !== '') out[key] = out[key] ? `${out[key]}\n${line.trim()}` : line.trim();
    } else {
      const kv = /^([A-Za-z0-9_-]+)\s*[=:]\s*(.*)$/.exec(line);
      if (!kv) continue;
      key = kv[1]!.replaceAll('-', '_');
      out[key] = kv[2]!.trim();
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Paths with `*`, `?` or `[...]` in their last part expanded against the directory's listing, in order; others kept. */
async function expandGlobs(files: SourceFiles, patterns: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const pattern of patterns) {
    const dir = posix.dirname(pattern);
    const base = posix.basename(pattern);
    if (!/[*?[]/.test(base)) {
      out.push(pattern);
      continue;
    }
    const re = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')}$`);
    for (const name of (await files.list(dir)).filter((n) => re.test(n)).sort()) out.push(dir === '.' ? name : `${dir}/${name}`);
  }
  return [...new Set(out)];
}

/** The project of a build and its `changelog` file, read from the source on the host (no container needed). */
export async function readBuildProject(
  spec: {working_dir: string; changelog?: string},
  files: SourceFiles,
): Promise<{info: ProjectInfo; changelog?: {path: string; text?: string}}> {
  const info = await readProject(files, spec.working_dir);
  if (spec.changelog === undefined) return {info};
  const path = posix.normalize(posix.join(spec.working_dir || '.', spec.changelog)).replace(/^\.\//, '');
  return {info, changelog: {path, text: await files.read(path)}};
}

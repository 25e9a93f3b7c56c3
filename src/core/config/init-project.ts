import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {load} from 'js-toml';

/** What `vdist init` found out about the project in a directory. */
export interface ProjectFacts {
  app: string;
  version: string;
  /** Where the name and version came from: pyproject.toml, setup.cfg, setup.py or the directory name. */
  from: string;
  /** The requirements file, relative to the project dir, when one was found. */
  requirements?: string;
  /** The project installs itself with `pip install .`. */
  installable: boolean;
  /** The lock file vdist installs from, and the tool that made it. */
  lock?: {file: string; tool: string};
}

const REQUIREMENTS = ['requirements.txt', 'requirements/prod.txt', 'requirements/production.txt', 'requirements/base.txt', 'requirements.in'];

/** Reads the app's name and version from pyproject.toml, setup.cfg or setup.py (in that order), else the dir name. */
export function detectProject(dir: string): ProjectFacts {
  const found = fromPyproject(dir) ?? fromSetupCfg(dir) ?? fromSetupPy(dir);
  const requirements = REQUIREMENTS.find((r) => existsSync(join(dir, r)));
  return {
    app: packageName(found?.name ?? basename(dir)),
    version: found?.version ?? '0.1.0',
    from: found?.from ?? 'the directory name',
    ...(requirements ? {requirements} : {}),
    installable: ['pyproject.toml', 'setup.py'].some((f) => existsSync(join(dir, f))),
    ...lockFacts(dir, requirements),
  };
}

const LOCKS: Array<{tool: string; file: (names: string[]) => string | undefined}> = [
  {tool: 'poetry', file: (n) => (n.includes('poetry.lock') ? 'poetry.lock' : undefined)},
  {tool: 'pdm', file: (n) => (n.includes('pdm.lock') ? 'pdm.lock' : undefined)},
  {tool: 'uv', file: (n) => (n.includes('uv.lock') ? 'uv.lock' : undefined)},
  {tool: 'pipenv', file: (n) => (n.includes('Pipfile.lock') ? 'Pipfile.lock' : undefined)},
  {tool: 'pylock', file: (n) => n.find((f) => /^pylock\.([^.]+\.)?toml$/.test(f))},
];

/**
 * The project's lock file: the one of the tool pyproject.toml configures
 * ([tool.poetry], [tool.pdm], [tool.uv]) when there are several, else the
 * first found, else a requirements file that carries --hash.
 */
function lockFacts(dir: string, requirements: string | undefined): {lock?: {file: string; tool: string}} {
  const names = readdirSync(dir);
  const found = LOCKS.flatMap((l) => {
    const file = l.file(names);
    return file ? [{file, tool: l.tool}] : [];
  });
  const configured = (() => {
    try {
      return Object.keys(((load(readFileSync(join(dir, 'pyproject.toml'), 'utf8')) as {tool?: object}).tool ?? {}) as object);
    } catch {
      return [];
    }
  })();
  const lock = found.find((f) => configured.includes(f.tool)) ?? found[0];
  if (lock) return {lock};
  if (requirements && /(^|\s)--hash[=\s]/m.test(readFileSync(join(dir, requirements), 'utf8'))) return {lock: {file: requirements, tool: 'requirements'}};
  return {};
}

/** A name dpkg and rpm both accept: lower case, `_` and spaces turned into `-`. */
export function packageName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9+.-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '');
  return cleaned.length >= 2 ? cleaned : `${cleaned || 'app'}-app`;
}

type Found = {name?: string; version?: string; from: string} | undefined;

function fromPyproject(dir: string): Found {
  const file = join(dir, 'pyproject.toml');
  if (!existsSync(file)) return undefined;
  try {
    const doc = load(readFileSync(file, 'utf8')) as {project?: {name?: unknown; version?: unknown}; tool?: {poetry?: {name?: unknown; version?: unknown}}};
    const table = doc.project ?? doc.tool?.poetry;
    const name = typeof table?.name === 'string' ? table.name : undefined;
    if (!name) return undefined;
    return {name, version: typeof table?.version === 'string' ? table.version : undefined, from: 'pyproject.toml'};
  } catch {
    return undefined;
  }
}

function fromSetupCfg(dir: string): Found {
  const file = join(dir, 'setup.cfg');
  if (!existsSync(file)) return undefined;
  const metadata = /^\[metadata\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const value = (key: string) => new RegExp(`^${key}\\s*[=:]\\s*(.+?)\\s*$`, 'm').exec(metadata)?.[1];
  const name = value('name');
  const version = value('version');
  return name ? {name, version: version && !version.startsWith('attr:') && !version.startsWith('file:') ? version : undefined, from: 'setup.cfg'} : undefined;
}

function fromSetupPy(dir: string): Found {
  const file = join(dir, 'setup.py');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const value = (key: string) => new RegExp(`\\b${key}\\s*=\\s*["']([^"']+)["']`).exec(text)?.[1];
  const name = value('name');
  return name ? {name, version: value('version'), from: 'setup.py'} : undefined;
}

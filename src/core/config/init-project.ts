import {existsSync, readFileSync} from 'node:fs';
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
  };
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

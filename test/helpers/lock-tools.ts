import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {engineSkipReason} from './engines.js';

/** The lock tools Debian packages (python3-poetry, python3-pdm, pipenv): what each runs to lock. */
export const LOCK_COMMANDS = {
  poetry: ['poetry', 'lock', '--no-interaction'],
  pdm: ['pdm', 'lock'],
  // Named, Debian's python3 (the one pipenv runs on): else pipenv searches every interpreter on PATH (pyenv's shims took 70 s).
  pipenv: ['pipenv', '--python', '/usr/bin/python3', 'lock'],
} as const;
export type LockTool = keyof typeof LOCK_COMMANDS;

/** Why `tool` cannot be used here (a skip; an error with VDIST_REQUIRE_ENGINES=1), or undefined. */
export const lockToolSkipReason = (tool: LockTool) => engineSkipReason(tool, [tool, '--version']);

/** One tool's run is bounded by this: a lock of a few packages from loopback takes 5-30 s (pipenv makes a venv first). */
export const LOCK_TIMEOUT_MS = 180_000;

/**
 * Runs the real `poetry lock` / `pdm lock` / `pipenv lock` in `dir`, isolated:
 * none of the caller's environment but PATH, every home, cache and config
 * directory under `scratch`, and every index pointed at `indexUrl` (a
 * loopback index), so the tool has nowhere else to go. Keyring lookups are
 * turned off (they can wait on a desktop bus). Throws with the tool's output
 * when it fails or outlives LOCK_TIMEOUT_MS.
 */
export async function lockWithTool(tool: LockTool, dir: string, indexUrl: string, scratch: string): Promise<void> {
  const home = join(scratch, `${tool}-home`);
  await mkdir(home, {recursive: true});
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
    PIP_INDEX_URL: indexUrl,
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INPUT: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    no_proxy: '127.0.0.1',
    // Poetry: the index is the project's default source (pyproject.toml); these keep its state here.
    POETRY_CACHE_DIR: join(home, 'poetry-cache'),
    POETRY_CONFIG_DIR: join(home, 'poetry-config'),
    POETRY_DATA_DIR: join(home, 'poetry-data'),
    // PDM: its default index is the loopback one; no update check.
    PDM_PYPI_URL: indexUrl,
    PDM_CHECK_UPDATE: 'false',
    PDM_CACHE_DIR: join(home, 'pdm-cache'),
    PDM_HOME: join(home, 'pdm'),
    // Pipenv: the index is the Pipfile's [[source]]; its venv and cache go here.
    PIPENV_PYPI_MIRROR: indexUrl,
    PIPENV_CACHE_DIR: join(home, 'pipenv-cache'),
    WORKON_HOME: join(home, 'venvs'),
    PIPENV_IGNORE_VIRTUALENVS: '1',
    PIPENV_NOSPIN: '1',
    PIPENV_YES: '1',
    CI: '1',
  };
  const [cmd, ...args] = LOCK_COMMANDS[tool];
  const r = await execa(cmd, args, {cwd: dir, env, extendEnv: false, reject: false, timeout: LOCK_TIMEOUT_MS, all: true, stdin: 'ignore'});
  if (r.timedOut) throw new Error(`${tool} lock did not finish in ${LOCK_TIMEOUT_MS / 1000} s (it may be waiting on the network: only ${indexUrl} is reachable):\n${String(r.all).slice(-3000)}`);
  if (r.exitCode !== 0) throw new Error(`${tool} lock exited ${r.exitCode}:\n${String(r.all).slice(-3000)}`);
}

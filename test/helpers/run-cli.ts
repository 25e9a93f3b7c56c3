import {cpSync, existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repo, 'bin/run.js');

/** A fresh, empty temp dir to run the CLI in. */
export function tempDir(prefix = 'vdist-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A temp copy of a project under test/fixtures/config (e.g. `golden`, `seed`). */
export function fixtureProject(name: string): string {
  const dir = tempDir();
  cpSync(join(repo, 'test/fixtures/config', name), dir, {recursive: true});
  return dir;
}

/**
 * Runs `node bin/run.js ...args` as a user would, from `cwd`, and returns
 * stdout, stderr and the exit code. Needs `npm run build` first (lib/).
 */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{stdout: string; stderr: string; exitCode: number}> {
  if (!existsSync(join(repo, 'lib/commands'))) throw new Error('lib/commands is missing: run `npm run build` before the command tests');
  const r = await execa(process.execPath, [bin, ...args], {cwd, env: {NO_COLOR: '1', OCLIF_COLUMNS: '1000', ...env}, reject: false, timeout: 60_000});
  return {stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1};
}

export const REPO_ROOT = repo;

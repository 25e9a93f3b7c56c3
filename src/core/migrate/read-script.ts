import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {ConfigError} from '../errors.js';
import {exec} from '../exec.js';
import {PACKAGE_ROOT} from '../support/package-root.js';
import type {OriginalBuild, OriginalConfig} from './types.js';

/** The stand-in for the original's Python API (vdist.builder, vdist.source, vdist.configuration). */
export const SHIM_DIR = resolve(PACKAGE_ROOT, 'migrate-shim');

interface ShimOutput {
  builds: Array<{style: 'kwargs' | 'strings'; args: Record<string, unknown>; line: number | null; built: boolean}>;
  tool: {profiles_dir?: string};
  built: boolean;
  failure: {message: string; line: number | null; not_imitated?: boolean} | null;
}

/**
 * Runs an original `package.py` on the host's python3 with the stand-in API
 * first on PYTHONPATH, in a clean environment and under a time limit, and
 * returns the builds it described. The script builds nothing: the stand-in
 * records each add_build / build_package call.
 */
export async function readScript(file: string, shown: string, options: {timeoutMs: number; cwd: string}): Promise<OriginalConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-import-'));
  const out = join(dir, 'builds.json');
  try {
    const r = await exec('python3', ['-B', join(SHIM_DIR, 'run_original.py'), resolve(file), out], {
      cleanEnv: true,
      env: {PATH: process.env.PATH, HOME: dir, PYTHONPATH: SHIM_DIR, PYTHONIOENCODING: 'utf-8', LANG: 'C.UTF-8'},
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      allowFailure: true,
      capture: false,
    });
    if (r.exitCode === -1 && /timed out/.test(r.tail.join(' '))) {
      throw new ConfigError([{file: shown, message: `the script did not finish within ${options.timeoutMs / 1000} s and was stopped: does it wait for input or loop? (--timeout SECONDS gives it longer)`}], {code: 'IMPORT'});
    }
    let output: ShimOutput;
    try {
      output = JSON.parse(readFileSync(out, 'utf8')) as ShimOutput;
    } catch {
      const last = r.tail.filter((l) => l.trim() !== '').at(-1) ?? `python3 exited with code ${r.exitCode}`;
      throw new ConfigError([{file: shown, message: `could not run the script with python3: ${last}`}], {code: 'IMPORT'});
    }
    if (output.failure) {
      const f = output.failure;
      const message = f.not_imitated
        ? `${f.message.replace(/^[\w.]*NotImitated: /, '')}: describe the builds with add_build()/build_package() only, or write vdist.toml by hand (vdist init)`
        : `the script failed: ${f.message}`;
      throw new ConfigError([{file: shown, line: f.line ?? undefined, message}], {code: 'IMPORT'});
    }
    if (output.builds.length === 0) {
      throw new ConfigError([{file: shown, message: 'the script described no build: it never called Builder.add_build() or build_package()'}], {code: 'IMPORT'});
    }
    const warnings = output.built ? [] : [`${shown}: the script added builds but never called build(), run_build() or build_package(): imported all it added`];
    const builds: OriginalBuild[] = output.builds.map((b) => ({
      style: b.style,
      ...(typeof b.args.name === 'string' ? {name: b.args.name} : {}),
      args: b.args,
      file: shown,
      ...(b.line ? {line: b.line} : {}),
    }));
    return {kind: 'script', builds, tool: output.tool, warnings};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

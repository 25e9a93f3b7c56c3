import {posix} from 'node:path';
import type {BuildSpec} from '../types.js';
import type {Stage} from './stages.js';

/**
 * One cached level of a build, in the table below. A level provisions one
 * stage of the build script on top of the level before it; when the script
 * has no such stage, the level folds into the one below (its inputs join
 * that level's, and its values are not emptied there).
 */
export interface CacheLevelRow {
  /** The level's name in image labels, keys, logs and `vdist cache list`. */
  readonly name: string;
  /** The `#### stage:` section of the build script this level provisions. */
  readonly stage: Stage;
  /** Template values only this level uses: emptied when a level below is rendered, so changing them leaves that level's key alone. */
  readonly own: Readonly<Record<string, unknown>>;
  /** Whether its key names CPython by its sha256 rather than by the mirror it came from. */
  readonly mirrorFree: boolean;
  /** Whether a build needs this level at all when the script has its stage. */
  needed(spec: BuildSpec): boolean;
  /** What went in besides the script, for the image's labels and `vdist cache list`; never a credential. */
  inputs(spec: BuildSpec, context: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Those inputs in a few words, or undefined to describe them as the lowest level does. */
  describe(inputs: Readonly<Record<string, unknown>>): string | undefined;
}

/** The cached levels, lowest first: system packages and Python, then build_deps on top. A new level is one row. */
export const CACHE_LEVELS = [
  {
    name: 'python',
    stage: 'provision',
    own: {},
    mirrorFree: true,
    needed: () => true,
    inputs: (spec, context) => ({
      profile: spec.profile.name,
      arch: spec.arch,
      script: posix.basename(spec.profile.script_path),
      compile_python: spec.compile_python,
      ...(spec.compile_python ? {python_version: spec.compile_python_version, python_sha256: context.python_sha256} : {}),
      python_basedir: spec.python_basedir,
    }),
    describe: (i) => `${i.compile_python ? `cpython ${String(i.python_version)}` : 'python3'} at ${String(i.python_basedir ?? '?')}`,
  },
  {
    name: 'deps',
    stage: 'build-deps',
    own: {build_deps: []},
    mirrorFree: false,
    needed: (spec) => spec.build_deps.length > 0,
    inputs: (spec) => ({build_deps: spec.build_deps}),
    describe: (i) => (Array.isArray(i.build_deps) ? i.build_deps.join(' ') : undefined),
  },
] as const satisfies readonly CacheLevelRow[];

export type CacheLevelName = (typeof CACHE_LEVELS)[number]['name'];

/** A level's place in the table (0 = lowest); a name the table lacks comes after every known one. */
export function levelRank(name: string): number {
  const rank = CACHE_LEVELS.findIndex((row) => row.name === name);
  return rank < 0 ? CACHE_LEVELS.length : rank;
}

/** The row of a level by name, if the table has it. */
export function cacheLevelRow(name: string): CacheLevelRow | undefined {
  return CACHE_LEVELS.find((row) => row.name === name);
}

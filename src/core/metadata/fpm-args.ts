import type {ParsedFpmArgs, ScriptHooks} from '../types.js';
import type {CompressionAlgorithm} from '../archive/compress.js';
import {parseDependency} from './dependency.js';

export type {ParsedFpmArgs} from '../types.js';

type Scalar = 'description' | 'maintainer' | 'vendor' | 'license' | 'url' | 'category' | 'iteration' | 'epoch' | 'architecture';
type List = 'depends' | 'conflicts' | 'provides' | 'replaces' | 'config_files' | 'excludes' | 'deb_systemd' | 'rpm_systemd';
type Target = {scalar: Scalar} | {list: List} | {script: keyof ScriptHooks} | {compression: 'deb_compression' | 'rpm_compression'};

const FLAGS: Record<string, Target> = {
  '--description': {scalar: 'description'},
  '--maintainer': {scalar: 'maintainer'},
  '--vendor': {scalar: 'vendor'},
  '--license': {scalar: 'license'},
  '--url': {scalar: 'url'},
  '--category': {scalar: 'category'},
  '--iteration': {scalar: 'iteration'},
  '--epoch': {scalar: 'epoch'},
  '-a': {scalar: 'architecture'},
  '--architecture': {scalar: 'architecture'},
  '-d': {list: 'depends'},
  '--depends': {list: 'depends'},
  '--conflicts': {list: 'conflicts'},
  '--provides': {list: 'provides'},
  '--replaces': {list: 'replaces'},
  '--config-files': {list: 'config_files'},
  '-x': {list: 'excludes'},
  '--exclude': {list: 'excludes'},
  '--deb-systemd': {list: 'deb_systemd'},
  '--rpm-systemd': {list: 'rpm_systemd'},
  '--after-install': {script: 'after_install'},
  '--post-install': {script: 'after_install'},
  '--before-install': {script: 'before_install'},
  '--pre-install': {script: 'before_install'},
  '--after-remove': {script: 'after_remove'},
  '--post-uninstall': {script: 'after_remove'},
  '--before-remove': {script: 'before_remove'},
  '--pre-uninstall': {script: 'before_remove'},
  '--after-upgrade': {script: 'after_upgrade'},
  '--before-upgrade': {script: 'before_upgrade'},
  '--deb-compression': {compression: 'deb_compression'},
  '--rpm-compression': {compression: 'rpm_compression'},
};

/** The flags the native packager understands, for help text and error messages. */
export const KNOWN_FPM_FLAGS = Object.keys(FLAGS);

const COMPRESSIONS: Record<string, CompressionAlgorithm> = {gz: 'gzip', gzip: 'gzip', xz: 'xz', zst: 'zstd', zstd: 'zstd'};

/** One problem with fpm_args: the flag and what is wrong, for a ConfigError. */
export interface FpmArgsProblem {
  flag: string;
  message: string;
}

/**
 * Parses fpm_args words (`--flag value` and `--flag=value`) and checks the
 * values it can check without a build (epoch, iteration, relations). Returns
 * every problem at once: unknown flags point to `packager = "fpm"`. Config
 * loading runs it, so a bad flag costs no build.
 */
export function parseFpmArgs(words: readonly string[]): {args: ParsedFpmArgs; problems: FpmArgsProblem[]} {
  const args: ParsedFpmArgs = {depends: [], conflicts: [], provides: [], replaces: [], config_files: [], excludes: [], deb_systemd: [], rpm_systemd: [], scripts: {}};
  const problems: FpmArgsProblem[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const target = FLAGS[flag];
    if (!target) {
      problems.push({
        flag,
        message: flag.startsWith('-')
          ? `fpm flag ${flag} is not supported by the native packager; set packager = "fpm" to pass it to fpm, or use one of: ${KNOWN_FPM_FLAGS.join(' ')}`
          : `unexpected word "${flag}" in fpm_args (the native packager takes the package contents from the build, not from fpm_args paths)`,
      });
      // Most fpm flags take a value: don't report it as a stray word too.
      if (flag.startsWith('-') && eq < 0 && i + 1 < words.length && !words[i + 1]!.startsWith('-')) i++;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = word.slice(eq + 1);
    else if (i + 1 < words.length) value = words[++i];
    if (value === undefined) {
      problems.push({flag, message: `fpm flag ${flag} needs a value`});
      continue;
    }
    if ('scalar' in target) args[target.scalar] = value;
    else if ('list' in target) args[target.list].push(value);
    else if ('script' in target) args.scripts[target.script] = value;
    else {
      const algorithm = COMPRESSIONS[value];
      if (algorithm) args[target.compression] = algorithm;
      else problems.push({flag, message: `${flag} must be one of gz, xz, zstd; got "${value}"`});
    }
  }
  problems.push(...valueProblems(args));
  return {args, problems};
}

const RELATION_FLAGS = {depends: '--depends', conflicts: '--conflicts', provides: '--provides', replaces: '--replaces'} as const;

function valueProblems(args: ParsedFpmArgs): FpmArgsProblem[] {
  const problems: FpmArgsProblem[] = [];
  if (args.epoch !== undefined && !/^\d+$/.test(args.epoch)) problems.push({flag: '--epoch', message: `--epoch must be a whole number, got "${args.epoch}"`});
  if (args.iteration !== undefined && !/^[A-Za-z0-9.+~]+$/.test(args.iteration)) {
    problems.push({flag: '--iteration', message: `--iteration "${args.iteration}" may hold only letters, digits and . + ~`});
  }
  for (const [list, flag] of Object.entries(RELATION_FLAGS) as [keyof typeof RELATION_FLAGS, string][]) {
    for (const text of args[list]) {
      try {
        parseDependency(text);
      } catch (error) {
        problems.push({flag, message: `${flag}: ${(error as Error).message}`});
      }
    }
  }
  return problems;
}

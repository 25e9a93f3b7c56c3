import {posix} from 'node:path';
import {COMMAND_NAME, UNIT_SUFFIXES, unitName} from '../contract/deploy.js';
import type {ParsedFpmArgs} from '../metadata/fpm-args.js';
import type {BuildSpec, PackageFormat, PackagerKind} from '../types.js';
import type {BuildTable} from './schema.js';
import {formatFacts} from '../formats/facts.js';

type Problem = (key: 'bin_links' | 'systemd_units' | 'config_files' | 'fpm_args', message: string) => void;

/** A path inside the source: relative, without "..", normalised. Undefined when it is not one. */
function sourcePath(path: string): string | undefined {
  const p = posix.normalize(path.trim());
  return p === '' || p === '.' || posix.isAbsolute(p) || p.split('/').includes('..') ? undefined : p;
}

/**
 * The deployment keys of a build (issue 10), checked: bin_links are command
 * names, systemd_units unit files in the source (fpm_args' --deb-systemd or
 * --rpm-systemd for the format add to them, as with fpm, for the native
 * packager), config_files absolute targets mapped to files in the source.
 */
export function normaliseDeploy(
  merged: Pick<BuildTable, 'bin_links' | 'systemd_units' | 'config_files'>,
  format: PackageFormat | undefined,
  packager: PackagerKind,
  fpmArgs: Pick<ParsedFpmArgs, 'deb_systemd' | 'rpm_systemd'>,
  problem: Problem,
): Pick<BuildSpec, 'bin_links' | 'systemd_units' | 'config_files'> {
  const binLinks = merged.bin_links;
  for (const name of binLinks ?? []) {
    if (!COMMAND_NAME.test(name)) problem('bin_links', `"${name}" is not a command name: letters, digits and . _ + - only, no "/"`);
  }
  const dupes = (binLinks ?? []).filter((n, i, all) => all.indexOf(n) !== i);
  if (dupes.length > 0) problem('bin_links', `names ${[...new Set(dupes)].join(', ')} more than once`);

  const fromFpm = packager === 'native' && format ? fpmArgs[`${formatFacts(format).fpmPrefix}_systemd`] : [];
  const units: string[] = [];
  for (const [key, list] of [['systemd_units', merged.systemd_units ?? []], ['fpm_args', fromFpm]] as const) {
    for (const unit of list) {
      const path = sourcePath(unit);
      if (!path) problem(key, `unit "${unit}" must be a file in the source, relative to its root, e.g. deploy/myapp.service`);
      else if (!UNIT_SUFFIXES.some((s) => path.endsWith(s))) problem(key, `"${unit}" is not a systemd unit file: its name must end with ${UNIT_SUFFIXES.join(', ')}`);
      else if (!/^[A-Za-z0-9:_.@-]+$/.test(unitName(path))) problem(key, `unit file name "${unitName(path)}" may hold only letters, digits and : _ . @ -`);
      else if (units.some((u) => unitName(u) === unitName(path))) problem(key, `two units are named ${unitName(path)}`);
      else units.push(path);
    }
  }

  const configFiles: Record<string, string> = {};
  for (const [target, from] of Object.entries(merged.config_files ?? {})) {
    const installed = posix.normalize(target);
    const path = sourcePath(from);
    if (!posix.isAbsolute(target) || target.split('/').includes('..') || target.endsWith('/') || /\s/.test(target)) {
      problem('config_files', `"${target}" must be the absolute path the file is installed at, without spaces or "..", e.g. /etc/myapp/config.toml`);
    } else if (!path) {
      problem('config_files', `"${from}" (for ${target}) must be a file in the source, relative to its root, e.g. deploy/config.toml`);
    } else {
      configFiles[installed] = path;
    }
  }
  return {...(binLinks === undefined ? {} : {bin_links: [...binLinks]}), systemd_units: units, config_files: configFiles};
}

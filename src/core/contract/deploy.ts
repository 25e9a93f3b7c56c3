import {posix} from 'node:path';
import type {BuildSpec, PackageFormat} from '../types.js';
import {formatFacts} from '../formats/facts.js';

/**
 * Where a package's deployable parts go: commands on PATH, systemd units and
 * configuration files (issue 10). The build script stages them at these
 * paths inside the build container; the packagers take them from there.
 */

/** Where bin_links go. */
export const BIN_DIR = '/usr/bin';

/**
 * Where unit files go, for both families: systemd reads /usr/lib/systemd/system
 * on every supported distribution (Debian's /lib is a link to /usr/lib since
 * bookworm's merged /usr), and a .deb that ships the /usr path avoids dpkg's
 * aliasing problems on upgrade.
 */
export const UNIT_DIR = '/usr/lib/systemd/system';

/** A command name: what may follow /usr/bin/. */
export const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** The unit types systemd knows, by file suffix. */
export const UNIT_SUFFIXES = ['.service', '.socket', '.timer', '.path', '.target', '.mount', '.automount', '.swap', '.slice'];

/** The unit's name as systemd knows it: the file's base name. */
export const unitName = (path: string): string => posix.basename(path);

/**
 * Units the maintainer scripts enable and start: a template (`name@.service`)
 * needs an instance to be started, so it is shipped but left alone, as
 * dh_installsystemd does.
 */
export const managedUnits = (units: readonly string[]): string[] => units.map(unitName).filter((u) => !u.includes('@.'));

/** The paths in the package besides the install dir: config files, unit files, /usr/bin links. */
export function deployPaths(spec: Pick<BuildSpec, 'config_files' | 'systemd_units'>, binLinks: readonly string[]): string[] {
  return [
    ...Object.keys(spec.config_files),
    ...spec.systemd_units.map((u) => posix.join(UNIT_DIR, unitName(u))),
    ...binLinks.map((name) => posix.join(BIN_DIR, name)),
  ];
}

/**
 * The dependency on the interpreter a virtualenv was made with, when that is
 * the target's own Python (`compile_python = false`, python_basedir /usr):
 * the venv breaks when the OS moves python3 to the next minor version, so
 * the minor version is pinned. Debian: `python3 (>= 3.11), python3 (<< 3.12)`,
 * as dh-virtualenv's packages carry; rpm: `python(abi) = 3.11`, what rpm's
 * own Python dependency generator writes. Empty for a compiled CPython or
 * one in another prefix (no distribution package is known to own it).
 */
export function interpreterDepends(spec: Pick<BuildSpec, 'compile_python' | 'python_basedir'>, format: PackageFormat, pythonVersion: string | undefined): string[] {
  if (spec.compile_python || spec.python_basedir !== '/usr' || pythonVersion === undefined) return [];
  const m = /^3\.(\d+)$/.exec(pythonVersion);
  if (!m) return [];
  return formatFacts(format).interpreterRequires(pythonVersion, Number(m[1]));
}

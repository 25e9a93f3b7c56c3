import type {ScriptHooks} from '../../types.js';
import {debPackager} from '../deb/writer.js';
import type {FpmCommandExtras, FpmPackager, PackageMetadata} from '../../packagers/packager.js';
import {rpmPackager} from '../rpm/writer.js';

const SCRIPT_FLAGS: Record<keyof ScriptHooks, string> = {
  before_install: '--before-install',
  after_install: '--after-install',
  before_remove: '--before-remove',
  after_remove: '--after-remove',
  before_upgrade: '--before-upgrade',
  after_upgrade: '--after-upgrade',
};

/**
 * The fpm command vdist's seed ran, as argv words (never a shell string):
 * `fpm -s dir -t deb -n app -v 1.0 [--iteration i] [-d dep]... [--after-install f]...
 * {fpm_args} --package outDir/ paths`.
 */
function fpmCommand(format: 'deb' | 'rpm', meta: PackageMetadata, paths: string[], outDir: string, extra: FpmCommandExtras = {}): string[] {
  const argv = ['fpm', '-s', 'dir', '-t', format, '-n', meta.name, '-v', meta.version];
  if (meta.iteration !== undefined) argv.push('--iteration', meta.iteration);
  if (meta.epoch !== undefined) argv.push('--epoch', String(meta.epoch));
  for (const dep of meta.depends) argv.push('-d', dep);
  for (const [hook, flag] of Object.entries(SCRIPT_FLAGS)) {
    const path = extra.scriptPaths?.[hook as keyof ScriptHooks];
    if (path) argv.push(flag, path);
  }
  argv.push(...(extra.fpmArgs ?? []), '--package', outDir.endsWith('/') ? outDir : `${outDir}/`);
  // `--` keeps a path that starts with "-" from being read as a flag.
  argv.push('--', ...paths);
  return argv;
}

/** Words quoted for a POSIX shell, for build scripts that print or run the command. */
export function shellWords(argv: readonly string[]): string {
  return argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** A shell line a build script runs first: fails with a clear message when the image has no fpm. */
export const FPM_CHECK = `command -v fpm >/dev/null 2>&1 || { echo 'vdist: packager = "fpm" needs fpm in the build image, and this image has none. Install it in the image (gem install fpm) or set packager = "native".' >&2; exit 127; }`;

function fpmPackager(format: 'deb' | 'rpm'): FpmPackager {
  const native = format === 'deb' ? debPackager : rpmPackager;
  return {
    kind: 'fpm',
    format,
    fileName: (meta) => native.fileName(meta),
    command: (meta, paths, outDir, extra) => fpmCommand(format, meta, paths, outDir, extra),
  };
}

export const fpmDebPackager = fpmPackager('deb');
export const fpmRpmPackager = fpmPackager('rpm');

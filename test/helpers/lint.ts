import {execa} from 'execa';

/**
 * Lintian and rpmlint findings vdist accepts on purpose, with the README's
 * "accepted findings" section saying why. Everything else at error level
 * fails the tests that lint real packages.
 */
export const LINTIAN_ACCEPTED = ['dir-or-file-in-opt', 'package-installs-python-pycache-dir'];
export const RPMLINT_ACCEPTED = [
  'dir-or-file-in-opt',
  // The virtualenv's scripts (pip's launchers, the app's console scripts) run its own bin/python.
  'wrong-script-interpreter',
  // Identical files of different Python packages (pip's and setuptools' vendored copies, so
  // only where setuptools is kept): vdist does not hard-link files that pip installed apart
  // (see the README for why).
  'files-duplicated-waste',
  // An error in rpmlint 2.4 while the package is unsigned.
  'no-signature',
];

/**
 * What vdist's own CPython adds (compile_python = true), lintian errors both: its
 * bundled expat (`embedded-library`), and extension modules that call nothing in libc
 * directly, which the linker's --as-needed leaves without libc (`library-not-linked-against-libc`).
 */
export const OWN_CPYTHON = ['embedded-library', 'library-not-linked-against-libc'];

/**
 * What a package written without a project has none of: the native writers
 * on a bare tree and `vdist package` take no copyright or changelog from
 * anywhere (vdist build does, from the project's metadata).
 */
export const WITHOUT_PROJECT = ['no-copyright-file', 'no-changelog'];

/** Lintian's error lines for .deb files, the accepted tags (plus `extra`) left out. */
export async function lintianErrors(deb: string | string[], extra: string[] = []): Promise<string[]> {
  const lint = await execa('lintian', ['--suppress-tags', [...LINTIAN_ACCEPTED, ...extra].join(','), ...[deb].flat()], {reject: false, all: true});
  return lint.all.split('\n').filter((l) => /^E: /.test(l));
}

/** rpmlint's error lines for an .rpm, the accepted ones left out. */
export async function rpmlintErrors(rpm: string): Promise<string[]> {
  const lint = await execa('rpmlint', [rpm], {reject: false, all: true});
  return lint.all.split('\n').filter((l) => /: E: /.test(l) && !RPMLINT_ACCEPTED.some((t) => l.includes(`E: ${t}`)));
}

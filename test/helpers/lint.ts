import {execa} from 'execa';

/**
 * Lintian and rpmlint findings vdist accepts on purpose, with the README's
 * "accepted findings" section saying why. Everything else at error level
 * fails the tests that lint real packages.
 */
export const LINTIAN_ACCEPTED = [
  'dir-or-file-in-opt',
  'package-installs-python-pycache-dir',
  // lintian's name for rpmlint's wrong-script-interpreter: the virtualenv's scripts run its own python.
  'wrong-path-for-interpreter',
];
export const RPMLINT_ACCEPTED = [
  'dir-or-file-in-opt',
  'wrong-script-interpreter',
  // Also the virtualenv's own content, as pip's wheels made it: pip's vendored modules that begin with `#!`, and identical files of different packages.
  'non-executable-script',
  'files-duplicated-waste',
  // vdist does not sign; an error in rpmlint 2.4.
  'no-signature',
];

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

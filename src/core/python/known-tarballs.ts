/**
 * CPython source tarballs vdist knows the sha256 of. A build that compiles
 * Python checks the downloaded tarball against this table, or against the
 * `python_sha256` key, and refuses an unknown one.
 */

/** The CPython vdist compiles when `compile_python_version` is not set. */
export const DEFAULT_PYTHON_VERSION = '3.12.8';

/** version -> sha256 of `Python-{version}.tgz`. */
export const KNOWN_TARBALL_SHA256: Readonly<Record<string, string>> = {};

export function knownTarballSha256(version: string): string | undefined {
  return KNOWN_TARBALL_SHA256[version];
}

/**
 * CPython source tarballs vdist knows the sha256 of. A build that compiles
 * Python checks the downloaded tarball against this table, or against the
 * `python_sha256` key, and refuses an unknown one.
 *
 * Every digest here is of python.org's `Python-{v}.tgz` and was checked
 * against pyenv's python-build definition for that version
 * (plugins/python-build/share/python-build/{v}); 3.11.2 was also checked
 * against the tarball Debian ships as python3.11's .orig tarball. Never add
 * a digest that was not verified against the released file.
 */

/** The CPython vdist compiles when `compile_python_version` is not set. */
export const DEFAULT_PYTHON_VERSION = '3.13.9';

/** version -> sha256 of `Python-{version}.tgz`. */
export const KNOWN_TARBALL_SHA256: Readonly<Record<string, string>> = {
  '3.11.2': '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
  '3.12.8': '5978435c479a376648cb02854df3b892ace9ed7d32b1fead652712bee9d03a45',
  '3.12.12': '487c908ddf4097a1b9ba859f25fe46d22ccaabfb335880faac305ac62bffb79b',
  '3.13.1': '1513925a9f255ef0793dbf2f78bb4533c9f184bdd0ad19763fd7f47a400a7c55',
  '3.13.5': 'e6190f52699b534ee203d9f417bdbca05a92f23e35c19c691a50ed2942835385',
  '3.13.9': 'c4c066af19c98fb7835d473bebd7e23be84f6e9874d47db9e39a68ee5d0ce35c',
  '3.14.0': '88d2da4eed42fa9a5f42ff58a8bc8988881bd6c547e297e46682c2687638a851',
};

/** The known sha256 of `Python-{version}.tgz`, or undefined for a version vdist has no digest for. */
export function knownTarballSha256(version: string): string | undefined {
  return Object.hasOwn(KNOWN_TARBALL_SHA256, version) ? KNOWN_TARBALL_SHA256[version] : undefined;
}

import type {PackageFormat} from '../types.js';

/**
 * What dpkg and rpm accept as a package name and version. Each returns the
 * broken rule as a sentence, or undefined when the value is fine.
 */

export function debNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) {
    return 'Debian package names must be at least two characters of lower-case letters, digits, "+", "-" and ".", starting with a letter or digit (Debian Policy 5.6.1)';
  }
  return undefined;
}

export function rpmNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/.test(name)) {
    return 'RPM package names may only use letters, digits and "-._+", and must not start with "-" or "."';
  }
  return undefined;
}

export function debVersionProblem(version: string): string | undefined {
  if (!/^[0-9][A-Za-z0-9.+~-]*$/.test(version)) {
    return 'Debian versions must start with a digit and use only letters, digits and ".+~-" (Debian Policy 5.6.12; set an epoch with fpm_args = "--epoch N")';
  }
  return undefined;
}

export function rpmVersionProblem(version: string): string | undefined {
  if (!/^[A-Za-z0-9._+~^]+$/.test(version)) {
    return 'RPM versions may only use letters, digits and "._+~^" (no "-": the release is set separately, with fpm_args = "--iteration N")';
  }
  return undefined;
}

/** The problems of an app name and version for one package format. */
export function packageIdentityProblems(format: PackageFormat, app: string, version: string): {app?: string; version?: string} {
  const problems = format === 'deb'
    ? {app: debNameProblem(app), version: debVersionProblem(version)}
    : {app: rpmNameProblem(app), version: rpmVersionProblem(version)};
  const tooLong = fileNameProblem(app, version);
  if (tooLong) {
    if (Buffer.byteLength(app) >= Buffer.byteLength(version)) problems.app ??= tooLong;
    else problems.version ??= tooLong;
  }
  return problems;
}

/** Bytes a package file name adds to the app name and version: separators, a release, the architecture and the extension. */
const FILE_NAME_EXTRA_BYTES = 40;

/**
 * A name and version whose package file name (`app_version-1_amd64.deb`,
 * `app-version-1.x86_64.rpm`) cannot fit in the 255 bytes a file name may
 * have on Linux file systems: refused before any build starts.
 */
export function fileNameProblem(app: string, version: string): string | undefined {
  const bytes = Buffer.byteLength(app) + Buffer.byteLength(version);
  if (bytes + FILE_NAME_EXTRA_BYTES <= 255) return undefined;
  return `name and version take ${bytes} bytes, so the package's file name would exceed the 255 bytes a file name may have: keep them under ${255 - FILE_NAME_EXTRA_BYTES} bytes together`;
}

/** A value as an error message shows it: long ones cut, with their length. */
export function shownValue(value: string): string {
  return value.length <= 60 ? `"${value}"` : `"${value.slice(0, 40)}..." (${value.length} characters)`;
}

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
  return format === 'deb'
    ? {app: debNameProblem(app), version: debVersionProblem(version)}
    : {app: rpmNameProblem(app), version: rpmVersionProblem(version)};
}

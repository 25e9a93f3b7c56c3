import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {PACKAGE_ROOT} from '../support/package-root.js';

interface BuiltinNames {
  profiles: Record<string, unknown>;
  legacy: Record<string, string>;
  aliases?: Record<string, string>;
  refused?: Record<string, string>;
}

/**
 * The profile an original build's profile name becomes: a built-in or a
 * profile of the user's own stays, an old or 2.x name becomes its current
 * successor, and a name vdist cannot build for (archlinux) is refused with why.
 */
export function originalProfile(name: string, userProfiles: ReadonlySet<string> = new Set()): {name: string; refused?: string} {
  if (userProfiles.has(name)) return {name};
  const builtin = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'profiles/builtin.json'), 'utf8')) as BuiltinNames;
  if (name in builtin.profiles) return {name};
  const refused = builtin.refused?.[name];
  if (refused) return {name, refused};
  return {name: builtin.aliases?.[name] ?? builtin.legacy[name] ?? name};
}

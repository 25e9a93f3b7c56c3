import type {TreeEntry} from './tree-entry.js';
import {parentPath} from './tree-paths.js';

/**
 * Directories a package puts files in but does not own: the base system's
 * (on an rpm system the `filesystem` package owns them; on Debian `/opt`,
 * `/srv` or `/usr/local` belong to no package at all). A package that listed
 * one would take it over: dpkg removes a directory it believes is the
 * package's own when the last package listing it is purged, so purging a .deb
 * that listed `/opt` removed `/opt`. Both writers leave these out, and a
 * package owns only the directories it creates for itself (`/opt/{app}` and
 * below, `/usr/share/doc/{app}`, `/etc/{app}` ...).
 */
const SHARED_DIRECTORIES = new Set([
  '/bin', '/boot', '/etc', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt', '/root', '/run', '/sbin', '/srv', '/tmp', '/usr',
  '/usr/bin', '/usr/include', '/usr/lib', '/usr/lib64', '/usr/libexec', '/usr/local', '/usr/local/bin', '/usr/local/lib',
  '/usr/local/share', '/usr/sbin', '/usr/share', '/usr/share/applications', '/usr/share/bash-completion',
  '/usr/share/bash-completion/completions', '/usr/share/doc', '/usr/share/icons', '/usr/share/info', '/usr/share/licenses',
  '/usr/share/locale', '/usr/share/man', '/usr/share/pixmaps', '/var', '/var/cache', '/var/lib', '/var/log', '/var/opt',
  '/var/spool', '/etc/cron.d', '/etc/default', '/etc/init.d', '/etc/logrotate.d', '/etc/profile.d', '/etc/sudoers.d',
  '/etc/systemd', '/etc/systemd/system', '/lib/systemd', '/lib/systemd/system', '/usr/lib/systemd', '/usr/lib/systemd/system',
  '/usr/lib/sysusers.d', '/usr/lib/tmpfiles.d',
]);

/** True for a directory the base system owns (see SHARED_DIRECTORIES); `/usr/share/man/man1` and its siblings too. */
export function isSharedDirectory(path: string): boolean {
  return SHARED_DIRECTORIES.has(path) || /^\/usr\/share\/man\/man[1-9n]$/.test(path);
}

/**
 * The directories a package's entries go in that the package does not hold
 * itself, deepest only (`/usr/share/doc` stands for `/usr` and `/usr/share`),
 * in byte order. dpkg does not create a missing parent of a data.tar member
 * (`dpkg -i` fails with "error creating directory"), so the .deb's preinst
 * makes these.
 */
export function unownedParents(entries: readonly TreeEntry[]): string[] {
  const own = new Set(entries.filter((e) => e.type === 'directory').map((e) => e.path));
  const parents = new Set<string>();
  for (const e of entries) {
    const p = parentPath(e.path);
    if (p !== '/' && !own.has(p)) parents.add(p);
  }
  const all = [...parents];
  return all.filter((p) => !all.some((q) => q.startsWith(`${p}/`))).sort();
}

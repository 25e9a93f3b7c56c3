import {existsSync} from 'node:fs';
import {profileForArch, type Arch} from '../arch.js';
import {loadConfig, loadToolSettings} from '../config/load.js';
import {ProfileRegistry} from '../profiles/registry.js';

/** The profile whose per-arch image doctor runs when vdist.toml names none. */
const DEFAULT_PROFILE = 'debian-bookworm';

/** The architectures vdist.toml's builds ask for; none when there is no (valid) vdist.toml. */
export function configuredArches(configFile: string): Arch[] {
  if (!existsSync(configFile)) return [];
  try {
    return [...new Set(loadConfig(configFile).builds.map((b) => b.arch))];
  } catch {
    return [];
  }
}

/** The image a build for `arch` would start from: vdist.toml's first build for it, else the default profile's. */
export function archImage(configFile: string, arch: Arch): string {
  if (existsSync(configFile)) {
    try {
      const build = loadConfig(configFile).builds.find((b) => b.arch === arch);
      if (build) return build.profile.image;
    } catch {
      // an invalid vdist.toml: fall back to the default profile
    }
  }
  const settings = loadToolSettings(configFile);
  return profileForArch(ProfileRegistry.load(settings.profiles_dir).get(DEFAULT_PROFILE)!, arch).image;
}

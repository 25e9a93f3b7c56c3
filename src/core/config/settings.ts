import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {resolve} from 'node:path';
import type {ToolSettings} from '../types.js';
import type {VdistTable} from './schema.js';

/** `[vdist]` with its defaults filled in; relative paths resolved against the config file's directory. */
export function toolSettings(table: VdistTable | undefined, configDir: string): ToolSettings {
  const t = table ?? {};
  const settings: ToolSettings = {
    profiles_dir: resolve(configDir, t.profiles_dir ?? 'buildprofiles'),
    output_dir: resolve(configDir, t.output_dir ?? 'dist'),
    jobs: t.jobs ?? availableParallelism(),
  };
  if (t.backend) settings.backend = t.backend;
  if (t.network) settings.network = t.network;
  if (t.isolation) settings.isolation = t.isolation;
  if (t.cache_max_age !== undefined) settings.cache_max_age = t.cache_max_age;
  if (t.timeout !== undefined) settings.timeout = t.timeout;
  if (t.cache_registry !== undefined) settings.cache_registry = t.cache_registry;
  if (t.cache_push !== undefined) settings.cache_push = t.cache_push;
  if (t.cache_registry_insecure !== undefined) settings.cache_registry_insecure = t.cache_registry_insecure;
  // A key file is relative to vdist.toml; anything else is a key id for gpg.
  if (t.sign_debs !== undefined) settings.sign_debs = t.sign_debs;
  if (t.signing_key !== undefined) settings.signing_key = existsSync(resolve(configDir, t.signing_key)) ? resolve(configDir, t.signing_key) : t.signing_key;
  return settings;
}

import {ProfileRegistry} from '../profiles/registry.js';
import {loadConfig, loadToolSettings} from '../config/load.js';

/** What the shell completion asks vdist for: `--only` values and profile names. */
export const COMPLETION_KINDS = ['builds', 'profiles'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

/**
 * The values of `kind` for the project at `configFile`: build names from
 * vdist.toml, or every profile (built-in and profiles_dir). A file that does
 * not load gives what can be had (profiles fall back to the built-ins), never
 * an error: completion must stay quiet.
 */
export function completionValues(kind: CompletionKind, configFile: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const collected = (f: () => string[]) => {
    try {
      return f();
    } catch {
      return [];
    }
  };
  if (kind === 'builds') return collected(() => loadConfig(configFile, env).builds.map((b) => b.name));
  return collected(() => ProfileRegistry.collect(loadToolSettings(configFile, env).profiles_dir, []).names());
}

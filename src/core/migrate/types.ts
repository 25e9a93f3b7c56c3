/**
 * One build as the original vdist described it, before it becomes a
 * [[build]] of vdist.toml.
 *
 * - `strings`: the 2.x `Configuration` arguments (an INI section of `vdist
 *   batch`, or a dict a script gave `Configuration(...)`): every value a string,
 *   lists comma-separated, sources as `source_git = uri, branch`.
 * - `kwargs`: the keyword arguments of the 0.x/1.x `Builder.add_build(...)`,
 *   as Python values (lists, booleans, a source dict `{type, uri|path, branch}`).
 */
export interface OriginalBuild {
  style: 'strings' | 'kwargs';
  /** The section's name (INI) or the `name` argument, when there is one. */
  name?: string;
  args: Record<string, unknown>;
  /** Where it was described: the file, and the line of the section header or of the call. */
  file: string;
  line?: number;
  /** The line of each key, when known (INI). */
  keyLines?: Record<string, number>;
  /** The section each key was written in (INI): its own, or DEFAULT. */
  keyOrigin?: Record<string, string>;
}

/** What a script's `Builder(...)` was given, when it matters here. */
export interface OriginalTool {
  profiles_dir?: string;
}

/** An original configuration, read. */
export interface OriginalConfig {
  kind: 'ini' | 'script';
  builds: OriginalBuild[];
  tool: OriginalTool;
  /** Said while reading (e.g. a script that added builds but never built them). */
  warnings: string[];
}

/** A TOML value the writer knows how to print. */
export type TomlValue = string | boolean | string[] | Record<string, string>;

/** One key of a [[build]], with the note that explains a change of meaning. */
export interface Entry {
  key: string;
  value: TomlValue;
  comment?: string;
}

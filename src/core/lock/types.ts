import type {Marker, MarkerEnv} from './marker.js';

/** One package of the runtime set: pinned, with the hashes of its files, and what is left of its marker. */
export interface LockedPackage {
  name: string;
  version: string;
  /** `sha256:HEX` (or sha384/sha512), as pip's --hash takes them. */
  hashes: string[];
  /** The part of its marker vdist could not decide on the host: pip evaluates it in the container. */
  marker: Marker;
  /** Line of its entry in the lock file, for error messages. */
  line?: number;
}

/** What a lock format's parser gets: the lock file and the project files next to it. */
export interface LockInput {
  /** The lock file as shown in messages (relative to the source root). */
  file: string;
  text: string;
  /** pyproject.toml next to it, when there is one. */
  pyproject?: string;
  /** Pipfile next to a Pipfile.lock. */
  pipfile?: string;
  groups: readonly string[];
  extras: readonly string[];
  /** What the host knows of the target, for markers (see targetEnvironment). */
  env: MarkerEnv;
}

/** A lock file that no longer matches the project file it was made from. */
export interface Staleness {
  message: string;
  /** The command that makes the lock again, e.g. `poetry lock`. */
  fix: string;
}

export interface LockParse {
  packages: LockedPackage[];
  stale?: Staleness;
}

/** One lock file format: its file names and its parser. */
export interface LockFormat {
  /** The tool, as `vdist init` and messages name it: poetry, pdm, pipenv, uv, pylock, requirements. */
  tool: string;
  /** Does `name` (a file name, without directories) look like this format's lock file? */
  matches(name: string): boolean;
  /** File names auto-detection tries, in order. */
  candidates: readonly string[];
  /** Throws a LockError on bad input. */
  parse(input: LockInput): LockParse;
}

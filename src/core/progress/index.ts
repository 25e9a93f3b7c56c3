import {readFileSync} from 'node:fs';
import {relative} from 'node:path';
import type {BuildOutcome} from '../pipeline/outcome.js';
import {LineIndex} from '../config/lines.js';
import {createLogger, type Logger} from '../log.js';
import type {LoadedConfig} from '../types.js';
import {detectCi, githubError, type CiKind} from './ci.js';
import {LiveView, type Terminal} from './live.js';
import {LEVELS, type LogRecord} from './model.js';
import {PlainView} from './plain.js';

export {detectCi, githubError} from './ci.js';

/** `--progress`: how `vdist build` shows its builds. */
export const PROGRESS_MODES = ['auto', 'tty', 'plain', 'json'] as const;
export type ProgressFlag = (typeof PROGRESS_MODES)[number];
/** The view chosen: `verbose` is today's full output (pino-pretty), `json` its JSON lines. */
export type ProgressView = 'tty' | 'plain' | 'json' | 'verbose';

export interface ProgressSetup {
  flag: ProgressFlag;
  /** `--json`: JSON lines stay the default, as before. */
  json: boolean;
  /** `-v`: every line of every build, as before the views existed. */
  verbose: boolean;
  level: keyof typeof LEVELS | 'silent';
  config: LoadedConfig;
  /** The builds of this run, in order. */
  builds: readonly string[];
  env: Record<string, string | undefined>;
  terminal: Terminal;
}

/** What the build command holds: the root logger the builds log to, and the view's end. */
export interface Progress {
  log: Logger;
  view: ProgressView;
  /** The run is over: the view is closed and, in GitHub Actions, every failed build is an annotation. Before the summary. */
  finish(outcomes: readonly BuildOutcome[]): void;
  /** Closes the view if it is still open (an error ended the run). */
  close(): void;
}

/** Picks the view: the flag, else JSON with --json, full output with -v, a live view on a terminal, plain lines elsewhere. */
export function chooseView(s: Pick<ProgressSetup, 'flag' | 'json' | 'verbose' | 'env'> & {isTTY: boolean}): ProgressView {
  if (s.flag === 'json' || (s.flag === 'auto' && s.json)) return 'json';
  if (s.verbose) return 'verbose';
  if (s.flag !== 'auto') return s.flag;
  return s.isTTY && s.env.TERM !== 'dumb' ? 'tty' : 'plain';
}

/** Colour unless NO_COLOR is set (and not empty) or the stream is no terminal. */
export function colorEnabled(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** The root logger and view for one `vdist build`. */
export function createProgress(s: ProgressSetup): Progress {
  const isTTY = Boolean(s.terminal.isTTY);
  const view = chooseView({...s, isTTY});
  const ci = detectCi(s.env);
  const color = colorEnabled(s.env, isTTY);
  if (view === 'json' || view === 'verbose') {
    const log = createLogger({level: s.level, json: view === 'json', color});
    return {log, view, finish: (outcomes) => annotate(ci, s.config, outcomes, s.terminal), close: () => {}};
  }
  const level = s.level === 'silent' ? Number.POSITIVE_INFINITY : LEVELS[s.level];
  const target =
    view === 'tty'
      ? new LiveView({builds: s.builds, terminal: s.terminal, level, color})
      : new PlainView({builds: s.builds, level, ci, write: (line) => s.terminal.write(`${line}\n`)});
  const destination = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        try {
          target.record(JSON.parse(line) as LogRecord);
        } catch {
          // not a record: nothing to show
        }
      }
    },
  };
  // The views read debug records (each step's start); they apply the user's level themselves.
  const log = createLogger({level: level < LEVELS.debug ? s.level : 'debug', destination});
  let open = true;
  const close = () => {
    if (open) target.finish();
    open = false;
  };
  return {
    log,
    view,
    finish(outcomes) {
      close();
      annotate(ci, s.config, outcomes, s.terminal);
    },
    close,
  };
}

/** In GitHub Actions, a failed build is an error annotation on its [[build]] table. */
function annotate(ci: CiKind | undefined, config: LoadedConfig, outcomes: readonly BuildOutcome[], terminal: Terminal): void {
  if (ci !== 'github') return;
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length === 0) return;
  const lines = buildLines(config);
  for (const o of failed) {
    const index = config.builds.findIndex((b) => b.name === o.build);
    terminal.write(`${githubError({file: relative(process.cwd(), config.file), line: lines?.line(['build', index]), title: `vdist: ${o.build} failed at step ${o.step}`, message: o.error})}\n`);
  }
}

function buildLines(config: LoadedConfig): LineIndex | undefined {
  try {
    return new LineIndex(readFileSync(config.file, 'utf8'));
  } catch {
    return undefined;
  }
}

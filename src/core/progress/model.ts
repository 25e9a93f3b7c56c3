/**
 * What the progress views know about each build, read back from the log
 * records the builds write anyway: runStep's `{step, event}` records, the
 * script's `==> vdist: stage: what` lines, the cache's hit/miss records and
 * the closing `built …` / `failure` records. The views need no hook in the
 * build code: they are a pino destination like any other.
 */

/** A pino record as it reaches a destination (JSON). `level` is numeric, except where a field shadows it. */
export interface LogRecord {
  level?: unknown;
  time?: number;
  msg?: string;
  build?: string;
  step?: string;
  event?: string;
  stream?: string;
  cache?: string;
  durationMs?: number;
  failure?: boolean;
}

export type BuildStatus = 'queued' | 'running' | 'ok' | 'failed' | 'interrupted';

/** One build's state, as the views show it. */
export interface BuildState {
  name: string;
  status: BuildStatus;
  /** The current step, e.g. `provision: system packages` or `package`. */
  step?: string;
  /** `python hit`, `deps miss`: the cache levels reported so far. */
  cache: string[];
  started?: number;
  ended?: number;
  /** The latest line of subprocess output. */
  lastLine?: string;
  /** The last few lines of output, for a failed build. */
  recent: string[];
  error?: string;
}

/** What a record changed, for views that print lines rather than redraw. */
export type Change =
  | {kind: 'start'; build: BuildState; message: string}
  | {kind: 'step'; build: BuildState}
  | {kind: 'cache'; build: BuildState; status: string; level: string}
  | {kind: 'end'; build: BuildState; message: string}
  | {kind: 'message'; build?: BuildState; level: number; message: string}
  | {kind: 'output'; build: BuildState; line: string};

/** runStep steps that only wrap others. */
const WRAPPERS = new Set(['container']);
/** Step names that read better in a view. */
const LABELS: Record<string, string> = {cache: 'pip cache'};
const STAGE = /^==> vdist: (.+)$/;
const CACHE = /^cache (\w+): (\S+) level/;
const RECENT_LINES = 8;

export const LEVELS = {trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60} as const;

/** The numeric level of a record (a `level` field in the logged object shadows pino's: those are info). */
export function levelOf(record: LogRecord): number {
  return typeof record.level === 'number' ? record.level : LEVELS.info;
}

/** Folds log records into per-build states, in the order the builds were planned. */
export class ProgressModel {
  readonly builds: BuildState[];
  private readonly byName = new Map<string, BuildState>();
  private readonly seenSteps = new Map<string, Set<string>>();

  constructor(names: readonly string[]) {
    this.builds = names.map((name) => ({name, status: 'queued', cache: [], recent: []}));
    for (const b of this.builds) this.byName.set(b.name, b);
  }

  /** Applies one record; returns what changed (nothing for most records). */
  apply(record: LogRecord, now = record.time ?? Date.now()): Change[] {
    const level = levelOf(record);
    const message = typeof record.msg === 'string' ? record.msg : '';
    if (record.build === undefined) return level >= LEVELS.info ? [{kind: 'message', level, message}] : [];
    const build = this.stateOf(record.build);
    const changes: Change[] = [];
    if (build.status === 'queued') {
      build.status = 'running';
      build.started = now;
      changes.push({kind: 'start', build, message});
      if (level >= LEVELS.info && record.stream === undefined) return changes; // the start message is the first record
    }
    if (record.stream !== undefined) {
      // Output below info is vdist's own probing (inspect, exists): not the build's.
      if (level < LEVELS.info) return changes;
      const stage = STAGE.exec(message);
      if (stage) {
        if (!stage[1]!.startsWith('done')) changes.push(...this.enter(build, stage[1]!));
      } else if (message.trim() !== '') {
        build.lastLine = message;
        build.recent = [...build.recent, message].slice(-RECENT_LINES);
        changes.push({kind: 'output', build, line: message});
      }
      return changes;
    }
    if (record.event === 'start' && record.step !== undefined && !WRAPPERS.has(record.step)) return [...changes, ...this.enter(build, LABELS[record.step] ?? record.step)];
    if (record.failure) {
      this.end(build, 'failed', now);
      build.error = message;
      return [...changes, {kind: 'end', build, message}];
    }
    if (typeof record.durationMs === 'number' && level === LEVELS.info) {
      this.end(build, 'ok', now);
      return [...changes, {kind: 'end', build, message}];
    }
    if (message === 'interrupted' && level === LEVELS.warn) {
      this.end(build, 'interrupted', now);
      return [...changes, {kind: 'end', build, message}];
    }
    const cache = record.cache !== undefined ? CACHE.exec(message) : null;
    if (cache) {
      build.cache = [...build.cache, `${cache[2]} ${cache[1]}`];
      return [...changes, {kind: 'cache', build, status: cache[1]!, level: cache[2]!}];
    }
    if (level >= LEVELS.info) changes.push({kind: 'message', build, level, message});
    return changes;
  }

  private stateOf(name: string): BuildState {
    let state = this.byName.get(name);
    if (!state) {
      state = {name, status: 'queued', cache: [], recent: []};
      this.byName.set(name, state);
      this.builds.push(state);
    }
    return state;
  }

  /** A step counts once per build: `source` and `cache` run twice, and say nothing new the second time. */
  private enter(build: BuildState, step: string): Change[] {
    let seen = this.seenSteps.get(build.name);
    if (!seen) this.seenSteps.set(build.name, (seen = new Set()));
    if (seen.has(step)) return [];
    seen.add(step);
    build.step = step;
    return [{kind: 'step', build}];
  }

  private end(build: BuildState, status: BuildStatus, now: number): void {
    build.status = status;
    build.ended = now;
  }
}

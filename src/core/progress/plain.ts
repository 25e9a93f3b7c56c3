import {formatDuration} from '../support/format.js';
import {sectionMarkers, Sections, type CiKind} from './ci.js';
import {LEVELS, ProgressModel, type BuildState, type Change, type LogRecord} from './model.js';

/** Script output that says something went wrong is worth a line even in plain mode. */
const NOTABLE_OUTPUT = /^vdist: (warning|error):/;

export interface PlainOptions {
  builds: readonly string[];
  write: (line: string) => void;
  /** The user's --log-level, numeric: at debug or below every record is a line. */
  level: number;
  ci?: CiKind;
}

/** `15:04:05`, the host's local time, as pino-pretty shows it. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/**
 * The view for logs that are read later (CI, a pipe, a file): one
 * timestamped line per step per build, warnings and errors, never the
 * subprocesses' own output (that is in `{output}/logs/{build}.log`). In CI
 * each build's lines go in a folded section.
 */
export class PlainView {
  private readonly model: ProgressModel;
  private readonly sections?: Sections;

  constructor(private readonly options: PlainOptions) {
    this.model = new ProgressModel(options.builds);
    if (options.ci) this.sections = new Sections(options.write, (title) => sectionMarkers(options.ci!, title));
  }

  record(record: LogRecord): void {
    const time = record.time ?? Date.now();
    for (const change of this.model.apply(record, time)) {
      const text = this.describe(change, record);
      if (text === undefined) continue;
      const build = 'build' in change ? change.build : undefined;
      const line = `${clock(time)} ${build ? `[${build.name}] ` : ''}${text}`;
      if (build && this.sections) this.sections.line(build.name, line);
      else this.options.write(line);
      if (change.kind === 'end') this.sections?.end(change.build.name);
    }
  }

  /** The run is over: every section is closed. */
  finish(): void {
    this.sections?.flush();
  }

  private describe(change: Change, record: LogRecord): string | undefined {
    const verbose = this.options.level <= LEVELS.debug;
    switch (change.kind) {
      case 'start':
        return change.message || 'started';
      case 'step':
        return `${change.build.step}${elapsed(change.build, record.time)}`;
      case 'cache':
        return `cache ${change.status} (${change.level})`;
      case 'end':
        return change.build.status === 'ok' ? `${change.message} in ${formatDuration(record.durationMs ?? 0)}` : change.message;
      case 'message':
        return change.level >= (change.build && !verbose ? LEVELS.warn : this.options.level) ? change.message : undefined;
      case 'output':
        return verbose || NOTABLE_OUTPUT.test(change.line) ? change.line : undefined;
    }
  }
}

function elapsed(build: BuildState, now: number | undefined): string {
  if (build.started === undefined || now === undefined) return '';
  return ` (+${formatDuration(now - build.started)})`;
}

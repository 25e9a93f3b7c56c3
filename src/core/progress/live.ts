import {inspect} from 'node:util';
import {createLogUpdate} from 'log-update';
import {formatDuration} from '../support/format.js';
import {LEVELS, ProgressModel, type BuildState, type LogRecord} from './model.js';

/** The stream the view draws on: stderr, or a test's fake terminal. */
export interface Terminal {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

export interface LiveOptions {
  builds: readonly string[];
  terminal: Terminal;
  /** The user's --log-level, numeric: messages below it are not shown. */
  level: number;
  color: boolean;
  /** Redraw period for the elapsed times. */
  tickMs?: number;
}

/** Lines of a failed build's output shown under it while the others run (the summary shows more). */
const FAILED_TAIL = 5;
const DEFAULT_COLUMNS = 80;

/**
 * The terminal view: one line per build (its state, the current step,
 * elapsed time and latest output line, cut to the terminal's width),
 * redrawn in place by log-update. A failed build keeps its error and last
 * output lines under its line. Messages that are not about a build print
 * above the view. `finish()` clears it, so the summary table follows.
 */
export class LiveView {
  private readonly model: ProgressModel;
  private readonly update: ReturnType<typeof createLogUpdate>;
  private readonly timer: NodeJS.Timeout;
  private readonly onResize = () => this.render();
  private finished = false;

  constructor(private readonly options: LiveOptions) {
    this.model = new ProgressModel(options.builds);
    this.update = createLogUpdate(options.terminal as NodeJS.WriteStream, {defaultWidth: DEFAULT_COLUMNS});
    this.timer = setInterval(() => this.render(), options.tickMs ?? 250);
    this.timer.unref();
    options.terminal.on?.('resize', this.onResize);
    this.render();
  }

  record(record: LogRecord): void {
    if (this.finished) return;
    for (const change of this.model.apply(record)) {
      if (change.kind === 'message' && change.level >= (change.build ? LEVELS.warn : this.options.level)) {
        const prefix = change.build ? `[${change.build.name}] ` : '';
        this.update.persist(this.paint(change.level >= LEVELS.error ? 'red' : change.level >= LEVELS.warn ? 'yellow' : 'dim', `${prefix}${change.message}`));
      }
    }
    this.render();
  }

  /** Clears the view and stops redrawing: the summary table takes its place. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    this.options.terminal.off?.('resize', this.onResize);
    this.update.clear();
    this.update.done();
  }

  /** The current frame, one entry per terminal line. */
  frame(now = Date.now()): string[] {
    const width = Math.max(10, (this.options.terminal.columns ?? DEFAULT_COLUMNS) - 1);
    const nameWidth = Math.min(Math.max(...this.model.builds.map((b) => b.name.length), 5), Math.floor(width / 2));
    const lines: string[] = [];
    for (const build of this.model.builds) {
      const cells = [fit(build.name, nameWidth).padEnd(nameWidth), stateOf(build), elapsedOf(build, now)];
      if (build.status === 'running' && build.lastLine) cells.push(build.lastLine.trim());
      lines.push(this.paint(COLORS[build.status], fit(cells.filter(Boolean).join('  '), width)));
      if (build.status === 'failed') {
        for (const l of (build.error ?? '').split('\n').slice(0, 3)) lines.push(this.paint('red', fit(`  ${l}`, width)));
        for (const l of build.recent.slice(-FAILED_TAIL)) lines.push(fit(`  | ${l}`, width));
      }
    }
    return lines;
  }

  private render(): void {
    if (!this.finished) this.update(this.frame().join('\n'));
  }

  private paint(color: Color, text: string): string {
    // Node's own SGR codes (util.inspect's); styleText would judge stdout, not our stream.
    const codes = inspect.colors[color];
    return this.options.color && codes ? `\u001B[${codes[0]}m${text}\u001B[${codes[1]}m` : text;
  }
}

type Color = 'dim' | 'reset' | 'green' | 'red' | 'yellow';
const COLORS: Record<BuildState['status'], Color> = {queued: 'dim', running: 'reset', ok: 'green', failed: 'red', interrupted: 'yellow'};

function stateOf(build: BuildState): string {
  switch (build.status) {
    case 'queued':
      return 'queued';
    case 'running': {
      // A cache hit is news while provisioning; afterwards the step says more.
      const hits = build.cache.filter((c) => c.endsWith(' hit')).length;
      const cache = hits > 0 && hits === build.cache.length && build.step?.startsWith('provision') ? ' (cache hit)' : '';
      return `${build.step ?? 'starting'}${cache}`;
    }
    case 'ok':
      return 'ok';
    case 'failed':
      return `failed at ${build.step ?? 'start'}`;
    case 'interrupted':
      return 'interrupted';
  }
}

function elapsedOf(build: BuildState, now: number): string {
  if (build.started === undefined) return '';
  return formatDuration((build.ended ?? now) - build.started);
}

/** Cuts `text` to `width` characters (one line, control characters dropped). */
function fit(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const chars = [...text.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replaceAll(/[\u0000-\u001F\u007F]/g, '')];
  return chars.length <= width ? chars.join('') : `${chars.slice(0, width - 1).join('')}…`;
}

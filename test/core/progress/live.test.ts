import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {LiveView} from '../../../src/core/progress/live.js';
import {buildRecords} from './records.js';

/** A terminal of `columns` that keeps what was written. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  rows = 30;
  written = '';
  constructor(public columns: number) {
    super();
  }

  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

const views: LiveView[] = [];
function liveView(columns: number, color = false) {
  const terminal = new FakeTerminal(columns);
  const view = new LiveView({builds: ['app :: debian-bookworm', 'app :: rockylinux-9'], terminal, level: 30, color, tickMs: 60_000});
  views.push(view);
  return {terminal, view};
}

afterEach(() => {
  for (const v of views.splice(0)) v.finish();
});

describe('LiveView', () => {
  it('shows one line per build, queued first, then the step, elapsed time and latest output, within the width', () => {
    const {view} = liveView(80);
    expect(view.frame()).toEqual(['app :: debian-bookworm  queued', 'app :: rockylinux-9     queued']);
    const records = buildRecords('app :: debian-bookworm', 0).slice(0, 50);
    for (const r of records) view.record({...r, time: Date.now()});
    const [line, other] = view.frame();
    expect(line).toMatch(/^app :: debian-bookworm  provision: system packages  \d+\.\ds  Setting up libfoo4/);
    expect(line!.length).toBe(79);
    expect(line!.endsWith('…')).toBe(true);
    expect(other).toMatch(/queued/);
  });

  it('keeps a failed build\'s error and last lines under its line', () => {
    const {view} = liveView(100);
    for (const r of buildRecords('app :: rockylinux-9', 0, {fail: true})) view.record(r);
    const frame = view.frame();
    expect(frame[1]).toMatch(/^app :: rockylinux-9 +failed at build: requirements/);
    expect(frame[2]).toMatch(/^ {2}failed at step build: build script exited with code 1/);
    expect(frame.slice(3)).toContain('  | Successfully installed app-1.0');
  });

  it('fits a narrow terminal and follows a resize', () => {
    const {view, terminal} = liveView(100);
    for (const r of buildRecords('app :: debian-bookworm', 0).slice(0, 30)) view.record(r);
    terminal.columns = 24;
    terminal.emit('resize');
    expect(view.frame().every((l) => l.length <= 23)).toBe(true);
    expect(view.frame()[0]).toMatch(/^app :: deb… /);
  });

  it('colours only when asked (NO_COLOR turns it off), and clears itself when finished', () => {
    const plain = liveView(80);
    expect(plain.view.frame().join('')).not.toMatch(/\u001B/);
    const colored = liveView(80, true);
    expect(colored.view.frame()[0]).toMatch(/\u001B\[/);
    colored.view.finish();
    expect(colored.terminal.written).toMatch(/\u001B\[2K/); // log-update erased its lines
  });
});

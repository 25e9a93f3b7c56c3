import {OWNER_LABELS, ownerLabels, ownership, RUN_ID} from '../../src/backends/ownership.js';
import {pidAlive} from '../../src/core/support/pid.js';

const labels = (run: string, host: string, pid: number, started = new Date()) => ({
  labels: {[OWNER_LABELS.run]: run, [OWNER_LABELS.host]: host, [OWNER_LABELS.pid]: String(pid), [OWNER_LABELS.started]: started.toISOString()},
});
const now = new Date('2026-06-01T12:00:00Z');
const context = {host: 'here', now, alive: (pid: number) => pid === 100};

describe('ownership', () => {
  it('tells this run, live runs, dead runs and unowned containers apart', () => {
    expect(ownership({labels: ownerLabels()})).toBe('this-run');
    expect(ownership(labels('r', 'here', 100), context)).toBe('live');
    expect(ownership(labels('r', 'here', 101), context)).toBe('dead');
    expect(ownership(labels('r', 'there', 101, new Date('2026-06-01T11:30:00Z')), context)).toBe('live');
    expect(ownership(labels('r', 'there', 101, new Date('2026-06-01T10:59:00Z')), context)).toBe('dead');
    expect(ownership({labels: {}}, context)).toBe('unowned');
    expect(ownership({labels: {[OWNER_LABELS.run]: '', [OWNER_LABELS.host]: '', [OWNER_LABELS.pid]: ''}}, context)).toBe('unowned');
    expect(ownership({}, context)).toBe('unowned');
  });

  it("labels carry this process's run id, host and pid", () => {
    const l = ownerLabels(now);
    expect(l[OWNER_LABELS.run]).toBe(RUN_ID);
    expect(l[OWNER_LABELS.pid]).toBe(String(process.pid));
    expect(l[OWNER_LABELS.started]).toBe('2026-06-01T12:00:00.000Z');
  });

  it('sees this process alive and a pid that cannot exist dead', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(2 ** 22 + 1)).toBe(false);
  });
});

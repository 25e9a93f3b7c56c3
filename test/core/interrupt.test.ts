import {installInterruptHandlers} from '../../src/core/interrupt.js';

describe('installInterruptHandlers', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('aborts the shared signal on the first SIGINT and sets exit code 130; a second one exits at once', () => {
    const exits: number[] = [];
    const handle = installInterruptHandlers(undefined, (code) => exits.push(code));
    try {
      expect(handle.signal.aborted).toBe(false);
      process.emit('SIGINT', 'SIGINT');
      expect(handle.signal.aborted).toBe(true);
      expect(process.exitCode).toBe(130);
      expect(exits).toEqual([]);
      process.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([130]);
    } finally {
      handle.dispose();
    }
  });

  it('treats SIGTERM like SIGINT, and dispose removes the handlers', () => {
    const before = process.listenerCount('SIGTERM');
    const handle = installInterruptHandlers(undefined, () => {});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(handle.signal.aborted).toBe(true);
    handle.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});

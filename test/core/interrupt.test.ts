import {installInterruptHandlers} from '../../src/core/interrupt.js';
import {hangupSeen, isLostTerminalError} from '../../src/core/last-resort.js';

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

describe('SIGHUP (a closed terminal)', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('stops the builds like SIGTERM (exit code 130) and marks the terminal gone', () => {
    const before = process.listenerCount('SIGHUP');
    const exits: number[] = [];
    const handle = installInterruptHandlers(undefined, (code) => exits.push(code));
    try {
      expect(process.listenerCount('SIGHUP')).toBe(before + 1);
      expect(hangupSeen()).toBe(false);
      process.emit('SIGHUP', 'SIGHUP');
      expect(handle.signal.aborted).toBe(true);
      expect(process.exitCode).toBe(130);
      expect(hangupSeen()).toBe(true);
      expect(exits).toEqual([]);
      // From now on a write to the terminal that fails with EIO/EPIPE is the terminal being gone.
      expect(isLostTerminalError(Object.assign(new Error('write EIO'), {code: 'EIO'}))).toBe(true);
      expect(isLostTerminalError(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}))).toBe(true);
      expect(isLostTerminalError(Object.assign(new Error('no space'), {code: 'ENOSPC'}))).toBe(false);
      process.emit('SIGHUP', 'SIGHUP');
      expect(exits).toEqual([130]);
    } finally {
      handle.dispose();
    }
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});

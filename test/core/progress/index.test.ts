import {describe, expect, it} from 'vitest';
import {chooseView, colorEnabled} from '../../../src/core/progress/index.js';

describe('choosing the view', () => {
  it('live on a terminal, plain elsewhere, JSON with --json, full output with -v; the flag wins', () => {
    const base = {flag: 'auto' as const, json: false, verbose: false, env: {}};
    expect(chooseView({...base, isTTY: true})).toBe('tty');
    expect(chooseView({...base, isTTY: false})).toBe('plain');
    expect(chooseView({...base, isTTY: true, env: {TERM: 'dumb'}})).toBe('plain');
    expect(chooseView({...base, isTTY: true, json: true})).toBe('json');
    expect(chooseView({...base, isTTY: true, verbose: true})).toBe('verbose');
    expect(chooseView({...base, isTTY: false, flag: 'tty'})).toBe('tty');
    expect(chooseView({...base, isTTY: true, json: true, flag: 'plain'})).toBe('plain');
  });

  it('colours unless NO_COLOR or no terminal', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({NO_COLOR: '1'}, true)).toBe(false);
    expect(colorEnabled({NO_COLOR: ''}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
  });
});

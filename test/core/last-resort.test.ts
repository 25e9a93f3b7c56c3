import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanupOnCrash, internalErrorLog, lastResortHandlers, runCrashCleanups} from '../../src/core/last-resort.js';

describe('the last-resort handler', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('says "internal error" once, names the log that holds the stack, runs the cleanups, then exits 1', async () => {
    const env = {VDIST_CACHE_DIR: mkdtempSync(join(tmpdir(), 'vdist-last-resort-'))};
    const written: string[] = [];
    let exited: (code: number) => void = () => {};
    const exit = new Promise<number>((resolve) => (exited = resolve));
    const cleaned: string[] = [];
    const forget = cleanupOnCrash(async () => void cleaned.push('container removed'));
    const forgotten = cleanupOnCrash(async () => void cleaned.push('never: done the ordinary way'));
    forgotten();
    const {onError} = lastResortHandlers({env, write: (t) => written.push(t), exit: exited});
    onError(new TypeError('cannot read properties of undefined (reading "x")'));
    // A second error while cleaning up: recorded in the log, not shown again.
    onError(new Error('second'));
    expect(await exit).toBe(1);
    forget();
    expect(cleaned).toEqual(['container removed']);
    expect(written).toHaveLength(1);
    const log = internalErrorLog(env);
    expect(written[0]).toBe(`Error: vdist hit an internal error: cannot read properties of undefined (reading "x")\nThe details are in ${log}. Please report it.\n`);
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/TypeError: cannot read properties of undefined \(reading "x"\)\n\s+at /);
    expect(text).toMatch(/Error: second\n\s+at /);
  });

  it('keeps secrets out of the terminal line and the log', async () => {
    const env = {VDIST_CACHE_DIR: mkdtempSync(join(tmpdir(), 'vdist-last-resort-'))};
    const written: string[] = [];
    let exited: () => void = () => {};
    const exit = new Promise<void>((resolve) => (exited = resolve));
    lastResortHandlers({env, write: (t) => written.push(t), exit: exited}).onError(new Error('fetch https://user:hunter2@index.example/simple failed'));
    await exit;
    expect(written.join('')).not.toContain('hunter2');
    expect(readFileSync(internalErrorLog(env), 'utf8')).not.toContain('hunter2');
  });

  it('a full disk under a redirected stdout (the JSON summary) is the disk-full error, exit code 1, no exit forced', () => {
    const written: string[] = [];
    const exits: number[] = [];
    lastResortHandlers({write: (t) => written.push(t), exit: (c) => exits.push(c)}).onStdoutError(Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC', syscall: 'write'}));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^Error: the disk is full: no space left in .+ \(ENOSPC\)/);
    expect(process.exitCode).toBe(1);
    expect(exits).toEqual([]);
  });

  it('bounds the cleanup: one that hangs does not keep vdist from exiting', async () => {
    const forget = cleanupOnCrash(() => new Promise(() => {}));
    const started = Date.now();
    await runCrashCleanups(200);
    forget();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

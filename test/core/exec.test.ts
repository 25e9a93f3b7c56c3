import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {pino} from 'pino';
import {exec, describeCommand} from '../../src/core/exec.js';
import {ExecError, InterruptedError} from '../../src/core/errors.js';

function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  return {log: pino({level: 'debug'}, stream), lines};
}

describe('exec', () => {
  it('returns stdout and streams each output line to the logger', async () => {
    const {log, lines} = memoryLogger();
    const result = await exec('sh', ['-c', 'echo one; echo two >&2'], {log});
    expect(result.stdout).toBe('one');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({stream: 'stdout', msg: 'one'}),
      expect.objectContaining({stream: 'stderr', msg: 'two'}),
    ]));
  });

  it('lets the child write stdout to a file itself, leaving nothing to capture', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vdist-exec-')), 'out.bin');
    const result = await exec('sh', ['-c', 'printf "%s" "written by the child"; echo stderr-line >&2'], {stdoutFile: file});
    expect(readFileSync(file, 'utf8')).toBe('written by the child');
    expect(result.stdout).toBe('');
    expect(result.tail).toEqual(['stderr-line']);
  });

  it('throws a short ExecError with the stderr tail on failure', async () => {
    const error = await exec('sh', ['-c', 'echo first >&2; echo boom >&2; exit 4']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    expect((error as ExecError).exitCodeOfChild).toBe(4);
    expect((error as Error).message).toMatch(/^sh -c .* exited with code 4\n {2}first\n {2}boom$/);
  });

  it('names a missing program', async () => {
    await expect(exec('vdist-no-such-program', [])).rejects.toThrow(/vdist-no-such-program not found/);
  });

  it('returns a failing exit code when allowed', async () => {
    expect((await exec('sh', ['-c', 'exit 3'], {allowFailure: true})).exitCode).toBe(3);
  });

  it('pipes a stream into stdin', async () => {
    const input = new PassThrough();
    input.end('from the host\n');
    expect((await exec('cat', [], {stdin: input})).stdout).toBe('from the host');
  });

  it('turns an abort into InterruptedError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(exec('sleep', ['10'], {signal: controller.signal})).rejects.toBeInstanceOf(InterruptedError);
  });

  it('redacts secrets in the command it describes', () => {
    expect(describeCommand('git', ['clone', 'https://u:pw@h/r.git'])).toBe('git clone https://u:***@h/r.git');
  });
});

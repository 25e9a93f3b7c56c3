import {pino} from 'pino';
import {ExecError, InterruptedError, VdistError} from '../../../src/core/errors.js';
import {describeError, runStep, StepFailure} from '../../../src/core/script/step.js';

const log = pino({level: 'silent'});

describe('runStep', () => {
  it('turns a failure into a StepFailure naming the step', async () => {
    const error = await runStep(log, 'package', async () => {
      throw new VdistError('disk full', {suggestions: ['free some space']});
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as StepFailure).step).toBe('package');
    expect((error as StepFailure).message).toBe('disk full\nTry: free some space');
  });

  it('lets an interruption through as it is', async () => {
    await expect(runStep(log, 'build', async () => {
      throw new InterruptedError();
    })).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('describeError', () => {
  it('adds the fix for an engine problem vdist doctor knows', () => {
    const error = new ExecError('podman run -d img sleep infinity', 126, [
      // The exact text runc 1.1 gives on hosts like ours (no "setrlimit" in it).
      'Error: runc: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: OCI permission denied',
    ]);
    const text = describeError(error);
    expect(text).toContain('podman run -d img sleep infinity exited with code 126');
    expect(text).toContain('Known problem: the engine asks for more open files/processes than this host allows');
    expect(text).toContain('Fix: point CONTAINERS_CONF at a containers.conf with [containers] default_ulimits');
  });

  it('adds nothing to an error it does not recognise, and redacts secrets', () => {
    expect(describeError(new Error('pip failed for https://u:pw@idx.example/simple\nmore'))).toBe('pip failed for https://u:***@idx.example/simple');
  });
});

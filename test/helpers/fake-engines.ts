import {mkdtempSync, readFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/bin');

export interface FakeCall {
  bin: string;
  argv: string[];
  stdinBytes: number;
}

/**
 * Puts the fake podman/docker/buildah (test/fixtures/bin) first on PATH for
 * a backend's env, and reads back the argv each call got.
 */
export function fakeEngines(options: {fail?: string[]; stderr?: string; failTimes?: number; ps?: string; buildahLabels?: Record<string, string>; arch?: string; local?: boolean; failEarly?: boolean; runOut?: string; execBytes?: number} = {}) {
  const log = join(mkdtempSync(join(tmpdir(), 'vdist-fake-')), 'calls.jsonl');
  const env = {
    PATH: `${BIN}:${process.env.PATH}`,
    VDIST_FAKE_LOG: log,
    VDIST_FAKE_FAIL: (options.fail ?? []).join(','),
    VDIST_FAKE_STDERR: options.stderr ?? '',
    VDIST_FAKE_FAIL_TIMES: options.failTimes === undefined ? '' : String(options.failTimes),
    VDIST_FAKE_PS: options.ps ?? '',
    VDIST_FAKE_BUILDAH_LABELS: options.buildahLabels ? JSON.stringify(options.buildahLabels) : '',
    VDIST_FAKE_ARCH: options.arch ?? '',
    VDIST_FAKE_LOCAL: options.local === undefined ? '' : options.local ? '1' : '0',
    VDIST_FAKE_FAIL_EARLY: options.failEarly ? '1' : '',
    ...(options.runOut === undefined ? {} : {VDIST_FAKE_RUN_OUT: options.runOut}),
    ...(options.execBytes === undefined ? {} : {VDIST_FAKE_EXEC_BYTES: String(options.execBytes)}),
  };
  const calls = (): FakeCall[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as FakeCall)
      : [];
  return {env, calls, argvs: () => calls().map((c) => [c.bin, ...c.argv])};
}

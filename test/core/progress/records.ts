import type {LogRecord} from '../../../src/core/progress/model.js';

/** The records one build writes, as build-one.ts and the script write them (times in ms from `t0`). */
export function buildRecords(build: string, t0: number, options: {fail?: boolean} = {}): LogRecord[] {
  const r = (dt: number, rest: Partial<LogRecord>): LogRecord => ({level: 30, time: t0 + dt, build, ...rest});
  const records = [
    r(0, {msg: `building app 1.0 for debian-bookworm (debian:bookworm) with podman`}),
    r(1, {level: 20, step: 'image', event: 'start', msg: 'step image: start'}),
    r(2, {level: 20, stream: 'stdout', msg: '[{"Id": "probe output"}]'}),
    r(3, {level: 20, step: 'provision', event: 'start', msg: 'step provision: start'}),
    r(4, {stream: 'stdout', msg: '==> vdist: provision: system packages'}),
    ...Array.from({length: 200}, (_, i) => r(5 + i, {stream: 'stdout', msg: `Setting up libfoo${i} (1.0) ...`})),
    r(300, {level: 'python' as unknown as number, cache: 'miss', msg: 'cache miss: python level localhost/vdist-cache/p:k'}),
    r(400, {level: 20, step: 'container', event: 'start', msg: 'step container: start'}),
    r(410, {level: 20, step: 'source', event: 'start', msg: 'step source: start'}),
    r(420, {level: 20, step: 'cache', event: 'start', msg: 'step cache: start'}),
    r(500, {stream: 'stdout', msg: '==> vdist: build: requirements'}),
    r(510, {stream: 'stderr', msg: 'vdist: warning: something to know'}),
    r(520, {stream: 'stdout', msg: 'Successfully installed app-1.0'}),
  ];
  if (options.fail) {
    records.push(r(600, {level: 50, step: 'build', failure: true, msg: 'failed at step build: build script exited with code 1'}));
  } else {
    records.push(r(600, {level: 20, step: 'cache', event: 'start', msg: 'step cache: start'}));
    records.push(r(700, {level: 20, step: 'package', event: 'start', msg: 'step package: start'}));
    records.push(r(800, {durationMs: 800, msg: `built dist/${build}_1.0_all.deb`}));
  }
  return records;
}

/** Two builds' records interleaved by time. */
export function interleaved(a: LogRecord[], b: LogRecord[]): LogRecord[] {
  return [...a, ...b].sort((x, y) => (x.time ?? 0) - (y.time ?? 0));
}

import {readFile} from 'node:fs/promises';

/** One record of a build's JSON-lines log. */
interface LogRecord {
  time: number;
  msg: string;
  step?: string;
  event?: string;
  ms?: number;
  stream?: string;
}

/** Seconds spent in each phase of one build, read back from its log file. */
export interface BuildPhases {
  total: number;
  /** `podman run` of the build container. */
  engineStart: number;
  /** Streaming the source tar into the container. */
  sourceCopy: number;
  /** The build stage of the script (what a hand-run build would run too); on a miss, the provisioning stages as well. */
  script: number;
  /** Looking the provisioned image up in the cache (and provisioning it on a miss). */
  cacheLookup: number;
  /** Script stage: apt/dnf, build_deps (on a cache miss). */
  provisioning: number;
  /** Copying pip's cache into the container and back out. */
  pipCache: number;
  /** Script stage: downloading and compiling CPython (0 without compile_python). */
  python: number;
  /** Script stages: virtualenv, requirements, the app. */
  pip: number;
  /** Script stage: strip, build-path clean-up. */
  cleanup: number;
  /** tar out, staging, shared-library lookup, writing the package. */
  packaging: number;
  /** Removing the build container. */
  engineStop: number;
  /** The smoke test (0 without --smoke). */
  smoke: number;
  /** Everything vdist adds beyond the build script: total - script. */
  overhead: number;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Reads the phases from `{output}/logs/{build}.log`, using the step records and the scripts' `==> vdist:` markers. */
export async function buildPhases(logFile: string): Promise<BuildPhases> {
  const records = (await readFile(logFile, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogRecord);
  const first = records[0]!.time;
  const last = records.at(-1)!.time;
  const at = (test: (r: LogRecord) => boolean) => records.find(test)?.time;
  const stepMs = (step: string, nth = 0) => records.filter((r) => r.step === step && r.event === 'end')[nth]?.ms ?? 0;
  const marker = (prefix: string) => at((r) => r.stream === 'stdout' && r.msg.startsWith(`==> vdist: ${prefix}`));

  const containerStart = at((r) => r.step === 'container' && r.event === 'start');
  // On a cache miss, provisioning containers come and go before the build's own: take the build container's records.
  const created = at((r) => containerStart !== undefined && r.time >= containerStart && r.msg.startsWith('created container'));
  const packageEnd = at((r) => r.step === 'package' && r.event === 'end');
  const removed = at((r) => packageEnd !== undefined && r.time >= packageEnd && r.msg.startsWith('removed container') && !r.msg.includes('-smoke-'));
  const provision = marker('provision: system');
  const cpython = marker('provision: CPython');
  const venv = marker('build: virtualenv');
  const cleanup = marker('build: clean-up');
  const done = marker('done');
  const scripts = records.filter((r) => r.step === 'build-script' && r.event === 'end').map((r) => r.ms ?? 0);
  const script = scripts.reduce((a, b) => a + b, 0);
  const pipCache = records.filter((r) => r.step === 'cache' && r.event === 'end').reduce((a, r) => a + (r.ms ?? 0), 0);
  return {
    total: seconds(last - first),
    engineStart: seconds(created && containerStart ? created - containerStart : 0),
    // The copy is the source step inside the container step (the earlier ones read the source on the host).
    sourceCopy: seconds(records.find((r) => r.step === 'source' && r.event === 'end' && containerStart !== undefined && r.time >= containerStart)?.ms ?? 0),
    script: seconds(script),
    cacheLookup: seconds(stepMs('provision') - scripts.slice(0, -1).reduce((a, b) => a + b, 0)),
    provisioning: seconds(provision && (cpython ?? venv) ? (cpython ?? venv)! - provision : 0),
    pipCache: seconds(pipCache),
    python: seconds(cpython && venv ? venv - cpython : 0),
    pip: seconds(venv && cleanup ? cleanup - venv : 0),
    cleanup: seconds(cleanup && done ? done - cleanup : 0),
    packaging: seconds(stepMs('package')),
    engineStop: seconds(removed && packageEnd ? removed - packageEnd : 0),
    smoke: seconds(stepMs('smoke')),
    overhead: seconds(last - first - script),
  };
}

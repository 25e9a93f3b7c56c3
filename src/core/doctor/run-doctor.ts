import type {Backend} from '../../backends/backend.js';
import {BACKEND_NAMES, createBackend} from '../../backends/registry.js';
import type {EngineOptions} from '../../backends/engine-options.js';
import {withContainer} from '../../backends/with-container.js';
import type {Logger} from '../log.js';
import type {BackendName} from '../types.js';
import {hostArch, MACHINE, type Arch} from '../arch.js';
import {emulationProblems} from './emulation.js';
import {problemsInOutput, rootlessProblems, type KnownProblem} from './known-problems.js';

/** What `vdist doctor` found out about one engine. */
export interface EngineReport {
  engine: BackendName;
  found: boolean;
  version?: string;
  rootless?: boolean;
  storageDriver?: string;
  /** Ran `true` in `image`: true/false, or undefined when not tried (engine or image missing). */
  canRun?: boolean;
  image?: string;
  error?: string;
  /** How to make an unusable engine usable. */
  hint?: string;
  problems: KnownProblem[];
}

export interface DoctorOptions {
  /** Image to run `true` in. */
  image: string;
  engines?: readonly BackendName[];
  engineOptions?: EngineOptions;
  log: Logger;
  signal?: AbortSignal;
}

/** What `vdist doctor` found out about running one foreign architecture. */
export interface EmulationReport {
  arch: Arch;
  /** binfmt_misc and the qemu handler, with their fixes. */
  problems: KnownProblem[];
  /** Ran `uname -m` in a container of `image` on the first engine that can run containers; undefined when not tried. */
  canRun?: boolean;
  image?: string;
  engine?: BackendName;
  error?: string;
}

/**
 * Emulation for each foreign architecture: the kernel side first (nothing
 * runs without it), then a trivial container of that platform on the first
 * engine that ran one, which must say it is that machine.
 */
export async function checkEmulation(arches: readonly Arch[], engines: EngineReport[], options: Omit<DoctorOptions, 'image'> & {binfmtDir?: string; imageFor: (arch: Arch) => string}): Promise<EmulationReport[]> {
  const reports: EmulationReport[] = [];
  for (const arch of new Set(arches)) {
    if (arch === hostArch()) continue;
    const report: EmulationReport = {arch, problems: emulationProblems(arch, {binfmtDir: options.binfmtDir})};
    reports.push(report);
    const engine = engines.find((e) => e.canRun);
    if (report.problems.length > 0 || !engine) continue;
    const backend = createBackend(engine.engine, options.engineOptions);
    const {log, signal} = options;
    Object.assign(report, {engine: engine.engine, image: options.imageFor(arch)});
    try {
      await backend.ensureImage(report.image!, {log, signal}, undefined, arch);
      const r = await withContainer(backend, {build: 'doctor', image: report.image!, arch, network: engine.rootless ? 'host' : undefined}, {log, signal}, (c) =>
        backend.run(c, ['uname', '-m'], {log, signal, outputLevel: 'debug'}),
      );
      report.canRun = r.stdout.trim() === MACHINE[arch];
      if (!report.canRun) report.error = `uname -m said ${r.stdout.trim()}, not ${MACHINE[arch]}`;
    } catch (error) {
      report.error = (error as Error).message;
      if ((error as {code?: string}).code !== 'IMAGE_MISSING' && (error as {code?: string}).code !== 'IMAGE_ARCH') report.canRun = false;
    }
  }
  return reports;
}

/** Probe each engine, try a real container in each that works, and name known problems with their fixes. */
export async function runDoctor(options: DoctorOptions): Promise<EngineReport[]> {
  const reports: EngineReport[] = [];
  for (const engine of options.engines ?? BACKEND_NAMES) {
    reports.push(await checkEngine(createBackend(engine, options.engineOptions), options));
  }
  return reports;
}

async function checkEngine(backend: Backend, options: DoctorOptions): Promise<EngineReport> {
  const {log, signal} = options;
  const probe = await backend.probe(signal);
  const report: EngineReport = {engine: backend.name, found: probe.ok, version: probe.version, rootless: probe.rootless, storageDriver: probe.storageDriver, problems: []};
  if (!probe.ok) {
    report.error = probe.reason;
    report.hint = probe.hint;
    report.problems.push(...problemsInOutput(probe.reason ?? ''));
    return report;
  }
  if (probe.rootless && backend.name !== 'docker') report.problems.push(...rootlessProblems());
  report.image = options.image;
  try {
    // ensureImage may pull; that is what a build would do too.
    await backend.ensureImage(options.image, {log, signal});
    await withContainer(backend, {build: 'doctor', image: options.image, network: probe.rootless ? 'host' : undefined}, {log, signal}, (c) =>
      backend.run(c, ['true'], {log, signal}),
    );
    report.canRun = true;
  } catch (error) {
    const message = (error as Error).message;
    report.error = message;
    if ((error as {code?: string}).code === 'IMAGE_MISSING') return report;
    report.canRun = false;
    for (const p of problemsInOutput(message)) if (!report.problems.some((q) => q.id === p.id)) report.problems.push(p);
  }
  return report;
}

/** A plain-text rendering for the terminal. */
export function renderDoctor(reports: EngineReport[], emulation: EmulationReport[] = []): string {
  const lines: string[] = [];
  for (const r of reports) {
    const status = !r.found ? 'not usable' : r.canRun ? 'ok' : r.canRun === false ? 'cannot run containers' : 'found (no test image)';
    lines.push(`${r.engine}: ${status}`);
    if (r.found) {
      lines.push(`  version ${r.version ?? '?'}, ${r.rootless ? 'rootless' : 'rootful'}, storage ${r.storageDriver ?? '?'}`);
    }
    if (r.error) lines.push(`  ${r.error.split('\n').slice(0, 4).join('\n  ')}`);
    if (r.hint) lines.push(`  try: ${r.hint}`);
    for (const p of r.problems) lines.push(`  problem: ${p.problem}`, `  fix: ${p.fix}`);
  }
  for (const e of emulation) {
    const status = e.problems.length > 0 ? 'not set up' : e.canRun ? `ok (${e.image} ran on ${e.engine})` : e.canRun === false ? 'a container cannot run' : 'set up (no container tried)';
    lines.push(`emulation ${e.arch}: ${status}`);
    if (e.error) lines.push(`  ${e.error.split('\n').slice(0, 4).join('\n  ')}`);
    for (const p of e.problems) lines.push(`  problem: ${p.problem}`, `  fix: ${p.fix}`);
  }
  return lines.join('\n');
}

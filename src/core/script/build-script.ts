import type {Readable} from 'node:stream';
import tar from 'tar-stream';
import type {Backend, Container, RunContext} from '../../backends/backend.js';
import {VdistError} from '../errors.js';
import type {Logger} from '../log.js';
import {buildTemplateContext, type ContextExtras} from '../template/build-context.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import {renderTemplateFile} from '../template/render.js';
import type {BuildSpec} from '../types.js';
import {deployFactsFromLine, type DeployFacts} from '../contract/deploy-facts.js';
import {StepFailure, type BuildStep} from './step.js';

/** What a built-in script prints at its end when pip's cache is as it was copied in (templates/partials/python-app.sh). */
export const PIP_CACHE_UNCHANGED = 'vdist: pip cache: unchanged';

/** What the build script told vdist through its output. */
export interface ScriptFacts {
  /** The deployment facts (see deploy-facts.ts), if the script printed them. */
  deploy?: DeployFacts;
  /** The script saw pip leave its cache as it was: there is nothing to copy back out. */
  pipCacheUnchanged: boolean;
}

/** Built-in scripts print `==> vdist: <stage>: <what>` as they go; vdist tracks the stage from these lines. */
export const STAGE_MARKER = /^==> vdist: (\S+?):?\s/;

/** The build script for one build, rendered from its profile's template. */
export function renderBuildScript(spec: BuildSpec, extras: ContextExtras = {}): string {
  return renderTemplateFile(spec.profile.script_path, buildTemplateContext(spec, extras));
}

/** Which build step a stage marker belongs to. */
export function stepOfStage(stage: string | undefined): BuildStep {
  if (stage === undefined || stage === 'provision') return 'provision';
  if (stage === 'package') return 'package';
  return 'build';
}

/**
 * A logger that passes every record on and reports each stage marker it
 * sees in the script's output. exec() only calls the level methods, so a
 * thin wrapper is enough.
 */
function watchStages(log: Logger, onStage: (stage: string) => void, onLine: (line: string) => void): Logger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
  const wrapper: Record<string, unknown> = {child: log.child.bind(log), level: log.level};
  for (const level of levels) {
    wrapper[level] = (...args: unknown[]) => {
      const message = args.find((a) => typeof a === 'string');
      const match = typeof message === 'string' ? STAGE_MARKER.exec(message) : null;
      if (match) onStage(match[1]!);
      if (typeof message === 'string') onLine(message);
      (log[level] as (...a: unknown[]) => void)(...args);
    };
  }
  return wrapper as unknown as Logger;
}

function scriptTar(script: string, files: Record<string, string>): Readable {
  const pack = tar.pack();
  pack.entry({name: 'build.sh', mode: 0o755, mtime: new Date(0)}, script);
  for (const [name, text] of Object.entries(files)) pack.entry({name, mode: 0o644, mtime: new Date(0)}, text);
  pack.finalize();
  return pack as unknown as Readable; // a streamx Readable: node streams pipe it
}

/**
 * Copies the rendered script to CONTAINER_PATHS.script and runs it with bash,
 * its lines streamed to the build's log. A failure is reported against the
 * stage the script had reached: `provision` or `build`. The script gets the
 * build's SOURCE_DATE_EPOCH, so the byte-code it compiles is hash-based
 * (PEP 552) and the compilers it runs stamp that time. `files` (name ->
 * text) go beside the script: the lock's requirement files. Resolves to
 * what the script printed for vdist (ScriptFacts).
 */
export async function runBuildScript(
  backend: Backend,
  container: Container,
  script: string,
  ctx: RunContext & {sourceDateEpoch?: number; env?: Record<string, string>; files?: Record<string, string>},
): Promise<ScriptFacts> {
  let stage: string | undefined;
  const facts: ScriptFacts = {pipCacheUnchanged: false};
  const log = watchStages(
    ctx.log,
    (s) => {
      stage = s;
    },
    (line) => {
      facts.deploy = deployFactsFromLine(line) ?? facts.deploy;
      if (line === PIP_CACHE_UNCHANGED) facts.pipCacheUnchanged = true;
    },
  );
  const dir = CONTAINER_PATHS.script.slice(0, CONTAINER_PATHS.script.lastIndexOf('/'));
  await backend.copyIn(container, scriptTar(script, ctx.files ?? {}), dir, ctx);
  const started = performance.now();
  // Provisioning passes no SOURCE_DATE_EPOCH: its stages must not depend on the build's (the prelude fixes one).
  const env = {...(ctx.sourceDateEpoch === undefined ? {} : {SOURCE_DATE_EPOCH: String(ctx.sourceDateEpoch)}), ...ctx.env};
  const result = await backend.run(container, ['bash', CONTAINER_PATHS.script], {log, signal: ctx.signal, env, allowFailure: true});
  ctx.log.debug({step: 'build-script', event: 'end', ms: Math.round(performance.now() - started)}, `build script exited with ${result.exitCode}`);
  if (result.exitCode !== 0) {
    const reason = result.tail.filter((l) => l.startsWith('vdist: error:') || /^ERROR:|error:/i.test(l)).slice(-3);
    throw new StepFailure(
      stepOfStage(stage),
      new VdistError(`build script exited with code ${result.exitCode}${reason.length > 0 ? `: ${reason.join(' / ')}` : ''}`, {code: 'BUILD_SCRIPT'}),
    );
  }
  return facts;
}

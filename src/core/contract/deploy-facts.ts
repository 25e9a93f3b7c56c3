import type {Backend, Container, RunContext} from '../../backends/backend.js';
import {ExitCode, VdistError} from '../errors.js';
import {COMMAND_NAME} from './deploy.js';
import {CONTAINER_PATHS} from '../contract/container-paths.js';
import type {BuildSpec} from '../types.js';

/** What the build script found for the packager (templates/partials/deploy.sh). */
export interface DeployFacts {
  /** The virtualenv's Python minor version, e.g. `3.11`. */
  pythonVersion?: string;
  /** The commands it linked into /usr/bin. */
  binLinks: string[];
}

/** Parses the `key=value` lines of CONTAINER_PATHS.deployFacts; unknown keys and odd values are ignored. */
export function parseDeployFacts(text: string): DeployFacts {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const version = values.get('python_version');
  return {
    pythonVersion: version && /^3\.\d+$/.test(version) ? version : undefined,
    binLinks: (values.get('bin_links') ?? '').split(/\s+/).filter((n) => COMMAND_NAME.test(n)),
  };
}

/** The line stage_deploy_files prints: `vdist: deploy facts: python_version=3.11 bin_links=a b`. */
const FACTS_LINE = /^vdist: deploy facts: python_version=(\S*) bin_links=(.*)$/;

/** The facts in a line of the build script's output, if it is the deploy-facts line. */
export function deployFactsFromLine(line: string): DeployFacts | undefined {
  const m = FACTS_LINE.exec(line);
  return m ? parseDeployFacts(`python_version=${m[1]}\nbin_links=${m[2]}`) : undefined;
}

/**
 * Reads what the build script staged. A script of the user's own that does
 * not include the "deploy" partial leaves nothing: fine for a build without
 * deployment keys, an error (exit 2) for one that sets them.
 */
export async function readDeployFacts(spec: BuildSpec, backend: Backend, container: Container, ctx: RunContext): Promise<DeployFacts> {
  const result = await backend.run(container, ['cat', CONTAINER_PATHS.deployFacts], {...ctx, log: ctx.log.child({step: 'deploy'}), allowFailure: true});
  if (result.exitCode === 0) return parseDeployFacts(result.stdout);
  const keys = [
    ...(Object.keys(spec.config_files).length > 0 ? ['config_files'] : []),
    ...(spec.systemd_units.length > 0 ? ['systemd_units'] : []),
    ...(spec.bin_links?.length ? ['bin_links'] : []),
  ];
  if (keys.length > 0) {
    throw new VdistError(`The build script staged no deployment files, but the build sets ${keys.join(', ')}`, {
      code: 'DEPLOY',
      exit: ExitCode.usage,
      suggestions: ['A build script of your own must include the built-in partial: {{> deploy}} in its build stage, and call stage_deploy_files at its end'],
    });
  }
  return {binLinks: []};
}

import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {basename} from 'node:path';
import type {Readable} from 'node:stream';
import tar from 'tar-stream';
import type {Backend, RunContext} from '../../backends/backend.js';
import {withContainer} from '../../backends/with-container.js';
import type {Arch} from '../arch.js';
import {VdistError} from '../errors.js';
import type {Profile} from '../types.js';

/** Where the package is copied in the smoke-test container. */
export const SMOKE_DIR = '/vdist-smoke';

export interface SmokeTestOptions {
  backend: Backend;
  profile: Pick<Profile, 'image' | 'family'>;
  /** Build name: names the container and labels it. */
  build: string;
  packageFile: string;
  /** Run with `sh -c` after the install, so a user may write pipes and `&&`. */
  command: string;
  /** Same network as the build (e.g. `host`), so the installer reaches its mirror. */
  network?: string;
  /** The package's architecture: the container is made for it (emulated when foreign). */
  arch?: Arch;
}

/**
 * The installer's argv: the distribution's own tool, so runtime_deps and the
 * dependencies found automatically really resolve from its repositories.
 */
export function installArgv(family: Profile['family'], packagePath: string): string[] {
  if (family === 'debian') {
    return ['sh', '-c', 'apt-get update -q && apt-get install -y -q --no-install-recommends "$1"', 'vdist-smoke', packagePath];
  }
  return ['sh', '-c', 'if command -v dnf >/dev/null; then dnf install -y -q "$1"; else yum install -y -q "$1"; fi', 'vdist-smoke', packagePath];
}

/** A tar stream holding just `file`, under its base name. */
async function tarOfFile(file: string): Promise<Readable> {
  const {size} = await stat(file);
  const pack = tar.pack();
  const entry = pack.entry({name: basename(file), size, mode: 0o644, mtime: new Date(0)}, (error) => {
    if (error) pack.destroy(error);
    else pack.finalize();
  });
  createReadStream(file).on('error', (error) => pack.destroy(error)).pipe(entry);
  return pack as unknown as Readable; // tar-stream packs are streamx Readables; node streams pipe them
}

/**
 * Installs the package in a fresh container of the profile's image and runs
 * the smoke command there. The container is removed afterwards, whatever
 * happened. Throws a VdistError (code SMOKE) when the install or the command
 * fails.
 */
export async function runSmokeTest(options: SmokeTestOptions, ctx: RunContext): Promise<void> {
  const {backend, profile, packageFile} = options;
  const log = ctx.log.child({step: 'smoke'});
  await withContainer(backend, {image: profile.image, arch: options.arch, build: `${options.build}-smoke`, network: options.network}, {...ctx, log}, async (container) => {
    await backend.copyIn(container, await tarOfFile(packageFile), SMOKE_DIR, {...ctx, log});
    const inside = `${SMOKE_DIR}/${basename(packageFile)}`;
    const env = profile.family === 'debian' ? {DEBIAN_FRONTEND: 'noninteractive'} : undefined;
    log.info(`smoke test: installing ${basename(packageFile)} in a fresh ${profile.image} container`);
    const installed = await backend.run(container, installArgv(profile.family, inside), {...ctx, log, env, allowFailure: true});
    if (installed.exitCode !== 0) {
      throw new VdistError(`Smoke test: installing ${basename(packageFile)} failed (exit ${installed.exitCode})\n${indent(installed.tail.slice(-10))}`, {
        code: 'SMOKE',
        suggestions: ['Check runtime_deps: every package listed must exist in the target distribution.'],
      });
    }
    log.info(`smoke test: running ${options.command}`);
    const ran = await backend.run(container, ['sh', '-c', options.command], {...ctx, log, allowFailure: true});
    if (ran.exitCode !== 0) {
      throw new VdistError(`Smoke test: \`${options.command}\` exited with code ${ran.exitCode}\n${indent(ran.tail.slice(-10))}`, {
        code: 'SMOKE',
        suggestions: ['Run the command in a fresh container with the package installed to see why.'],
      });
    }
  });
}

function indent(lines: string[]): string {
  return lines.map((l) => `  ${l}`).join('\n');
}

import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

/** podman on hosts like ours needs runc and lower ulimits (see test/containers.conf). */
export const CONTAINERS_CONF = resolve(dirname(fileURLToPath(import.meta.url)), '../containers.conf');

/** The image the debian-bookworm profile uses (imported locally: there is no registry here). */
export const BOOKWORM_IMAGE = 'docker.io/library/debian:bookworm';

/**
 * Integration tests need real engines. On a developer's laptop a missing
 * engine skips the test with a visible reason; in CI (VDIST_REQUIRE_ENGINES=1)
 * it is a failure.
 */
export const REQUIRE_ENGINES = process.env.VDIST_REQUIRE_ENGINES === '1';

/** Returns undefined when `argv` runs successfully, else the reason it does not. */
export async function unavailable(argv: string[], env?: Record<string, string>): Promise<string | undefined> {
  try {
    const r = await execa(argv[0]!, argv.slice(1), {reject: false, timeout: 60_000, env});
    if (r.exitCode === 0) return undefined;
    return `${argv.join(' ')} exited ${r.exitCode}: ${String(r.stderr).split('\n').slice(-3).join(' ')}`;
  } catch (error) {
    return `${argv.join(' ')}: ${(error as Error).message}`;
  }
}

/**
 * Use at the top of a describe block:
 *   const skip = await engineSkipReason('podman', ['podman', 'info']);
 *   describe.skipIf(skip)(...)
 * Throws in CI instead of returning a reason.
 */
export async function engineSkipReason(what: string, probe: string[], env?: Record<string, string>): Promise<string | undefined> {
  const reason = await unavailable(probe, env);
  if (reason === undefined) return undefined;
  if (REQUIRE_ENGINES) throw new Error(`VDIST_REQUIRE_ENGINES=1 but ${what} is not usable: ${reason}`);
  console.warn(`SKIP ${what} integration tests: ${reason}`);
  return reason;
}

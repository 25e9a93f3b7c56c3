import {exec} from '../core/exec.js';
import type {RemoteLookup, RunContext, TransferOptions, TransferResult} from './backend.js';

// The registry verbs' types live in backend.ts with the interface they belong to.
export type {ImageTransfer, RemoteLookup, TransferOptions, TransferResult} from './backend.js';

/** A registry's answer for a tag it does not hold, as skopeo and the engines print it. */
const NOT_FOUND = /manifest unknown|not found: manifest|manifest .* not found|name unknown/i;

/** The last informative line of a failed transfer: what the warning shows. */
export function transferReason(tail: string[], exitCode: number): string {
  // skopeo says `time="..." level=fatal msg="..."`: the message is what counts.
  const said = tail
    .map((l) => l.replace(/^time=\S+ level=\w+ msg="(.*)"$/, '$1').replaceAll('\\"', '"').replace(/^Error parsing image name "[^"]*": /, '').trim())
    .filter(Boolean);
  return said.at(-1) ?? `exit code ${exitCode}`;
}

/**
 * `skopeo inspect --raw docker://REF`: reads the manifest and nothing else.
 * The engines' own remote lookups differ (podman 4.3's `manifest inspect`
 * ignores REGISTRY_AUTH_FILE, buildah has none, docker's needs its CLI's
 * config), while skopeo reads the same login files as podman and buildah,
 * docker's config.json too (`authFile`), and tells "no such tag" apart from
 * a refused login or a server error.
 */
export async function skopeoLookup(
  remote: string,
  ctx: RunContext,
  options: TransferOptions & {env?: Record<string, string | undefined>; authFile?: string},
): Promise<RemoteLookup> {
  const args = ['inspect', '--raw', '--retry-times', '0'];
  if (!options.tlsVerify) args.push('--tls-verify=false');
  if (options.authFile) args.push('--authfile', options.authFile);
  args.push(`docker://${remote}`);
  const r = await exec('skopeo', args, {log: ctx.log, signal: ctx.signal, env: options.env, outputLevel: 'trace', allowFailure: true, timeoutMs: options.timeoutMs});
  if (r.exitCode === 0) return {found: true, ...configDigest(r.stdout)};
  const said = r.tail.join('\n');
  if (NOT_FOUND.test(said)) return {found: false};
  return {failed: transferReason(r.tail, r.exitCode)};
}

/** The image ID a manifest names: its config's digest, which is what podman, buildah and docker call the image's ID. */
function configDigest(manifest: string): {id?: string} {
  try {
    const digest = (JSON.parse(manifest) as {config?: {digest?: unknown}}).config?.digest;
    return typeof digest === 'string' && digest.startsWith('sha256:') ? {id: digest.slice('sha256:'.length)} : {};
  } catch {
    return {};
  }
}

/** The flag that turns TLS verification off, for podman and buildah (docker takes it from its daemon's insecure-registries). */
export function tlsArgs(options: TransferOptions): string[] {
  return options.tlsVerify ? [] : ['--tls-verify=false'];
}

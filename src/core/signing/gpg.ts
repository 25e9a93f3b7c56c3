import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ExecError, ExitCode, VdistError} from '../errors.js';
import {exec} from '../exec.js';
import type {Logger} from '../log.js';
import {registerSecret} from '../redact.js';
import {isExpired, parseSecretKeys, type SigningKeyInfo} from './key-info.js';

/** Where the passphrase of the signing key comes from when the gpg agent does not hold it. */
export const PASSPHRASE_ENV = 'VDIST_SIGNING_PASSPHRASE';

export type SignatureKind = 'detached' | 'armored' | 'clearsign';

/** Signs bytes with one OpenPGP key through the host's gpg. */
export interface Signer {
  readonly key: SigningKeyInfo;
  /**
   * An OpenPGP signature of `data`. `time` (seconds) dates the signature, so
   * that the same key and input give the same bytes with a deterministic
   * scheme (RSA PKCS#1 v1.5, EdDSA); it is raised to the key's creation time.
   */
  sign(data: Uint8Array | AsyncIterable<Uint8Array>, kind: SignatureKind, time?: number): Promise<Buffer>;
  /** The public key, armored or binary (for apt's signed-by and rpm --import). */
  publicKey(armor: boolean): Promise<Buffer>;
  /** Removes the temporary keyring (if any) and stops its agent. */
  close(): Promise<void>;
}

export interface OpenSignerOptions {
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Sign a probe at once, so a wrong passphrase fails before a long build (default true; each signature can take a second with a protected key). */
  probe?: boolean;
}

/** openSigner for a key that may be unset (`--sign-key` over `[vdist] signing_key`): undefined when there is none. */
export async function openConfiguredSigner(spec: string | undefined, options: OpenSignerOptions = {}): Promise<Signer | undefined> {
  return spec === undefined ? undefined : openSigner(spec, options);
}

/**
 * Opens `spec`: a key id, fingerprint or user id on the host's keyring, or
 * the path to an armored secret key, which is imported into a private,
 * temporary GNUPGHOME. Refuses (exit 2) a key gpg does not know, one that is
 * expired or revoked, or one that cannot sign; and checks the passphrase by
 * signing a probe, so a wrong one fails before anything is written.
 */
export async function openSigner(spec: string, options: OpenSignerOptions = {}): Promise<Signer> {
  const env = options.env ?? process.env;
  const passphrase = env[PASSPHRASE_ENV];
  registerSecret(passphrase);
  const work = await mkdtemp(join(tmpdir(), 'vdist-sign-'));
  await chmod(work, 0o700);
  const isFile = existsSync(spec) && !/^[0-9A-Fa-f]{8,40}$/.test(spec);
  const home = isFile ? join(work, 'gnupg') : env.GNUPGHOME;
  const gpgEnv: Record<string, string | undefined> = {GNUPGHOME: home, LC_ALL: 'C', LANGUAGE: 'C'};
  const gpg = (args: string[], input?: string) =>
    exec('gpg', ['--batch', '--no-tty', '--no-greeting', ...args], {env: gpgEnv, log: options.log, outputLevel: 'debug', input, tailLines: 10});
  const close = async () => {
    if (isFile) await exec('gpgconf', ['--kill', 'gpg-agent'], {env: gpgEnv, allowFailure: true, outputLevel: 'debug'});
    await rm(work, {recursive: true, force: true});
  };
  try {
    let selector = spec;
    if (isFile) {
      await mkdir(home!, {mode: 0o700});
      const loopback = passphrase === undefined ? [] : ['--pinentry-mode', 'loopback', '--passphrase-fd', '0'];
      await gpg([...loopback, '--import', spec], passphrase === undefined ? undefined : `${passphrase}\n`).catch((error: unknown) => {
        throw keyError(`could not import the signing key from ${spec}`, error);
      });
      selector = '';
    }
    const listed = await gpg(['--with-colons', '--fixed-list-mode', '--list-secret-keys', ...(selector ? [selector] : [])]).catch((error: unknown) => {
      throw keyError(spec.includes('/') ? `no key file ${spec} and no secret key of that name on the keyring` : `no secret key "${spec}" on the keyring${home ? ` in ${home}` : ''}`, error);
    });
    const keys = parseSecretKeys(listed.stdout);
    if (keys.length === 0) throw keyError(`no secret key "${spec}" found`, undefined);
    if (keys.length > 1) {
      throw new VdistError(`signing key "${spec}" matches ${keys.length} secret keys (${keys.map((k) => k.fingerprint).join(', ')})`, {
        code: 'SIGNING_KEY_AMBIGUOUS', exit: ExitCode.usage, suggestions: ['Name the key by its full fingerprint'],
      });
    }
    const key = checkUsable(keys[0]!, spec);
    const signer = gpgSigner(key, work, gpg, passphrase, close);
    if (options.probe !== false) await signer.sign(Buffer.from('vdist passphrase probe\n'), 'detached');
    return signer;
  } catch (error) {
    await close();
    throw error;
  }
}

function checkUsable(key: SigningKeyInfo, spec: string): SigningKeyInfo {
  const fail = (why: string, hint: string) =>
    new VdistError(`signing key "${spec}" (${key.fingerprint}) ${why}`, {code: 'SIGNING_KEY_UNUSABLE', exit: ExitCode.usage, suggestions: [hint]});
  if (isExpired(key, Math.floor(Date.now() / 1000))) throw fail('has expired', 'Extend it (gpg --quick-set-expire FPR 1y) or choose another key');
  if (key.validity === 'r') throw fail('is revoked', 'Choose another key');
  if (!key.canSign) throw fail('cannot sign', 'Choose a key (or a key with a subkey) whose capabilities include S');
  return key;
}

function keyError(message: string, error: unknown): VdistError {
  const tail = error instanceof ExecError ? error.message : '';
  if (/bad passphrase/i.test(tail)) {
    return new VdistError(`${message}: wrong passphrase`, {code: 'SIGNING_PASSPHRASE', exit: ExitCode.usage, suggestions: [`Check ${PASSPHRASE_ENV}`]});
  }
  const expired = /expired/i.test(tail);
  return new VdistError(expired ? `${message}: the key has expired` : message, {
    code: expired ? 'SIGNING_KEY_UNUSABLE' : 'SIGNING_KEY_UNKNOWN',
    exit: ExitCode.usage,
    suggestions: ['List the keys gpg can sign with: gpg --list-secret-keys', 'signing_key takes a key id, a fingerprint or the path to an armored secret key'],
  });
}

type Gpg = (args: string[], input?: string) => ReturnType<typeof exec>;

function gpgSigner(key: SigningKeyInfo, work: string, gpg: Gpg, passphrase: string | undefined, close: () => Promise<void>): Signer {
  let n = 0;
  return {
    key,
    async sign(data, kind, time) {
      const id = ++n;
      const input = join(work, `in-${id}`);
      const output = join(work, `out-${id}`);
      await writeFile(input, data, {mode: 0o600});
      const mode = kind === 'clearsign' ? ['--clearsign'] : kind === 'armored' ? ['--armor', '--detach-sign'] : ['--detach-sign'];
      const loopback = passphrase === undefined ? [] : ['--pinentry-mode', 'loopback', '--passphrase-fd', '0'];
      const clock = time === undefined ? [] : ['--faked-system-time', `${Math.max(time, key.created)}!`];
      try {
        await gpg([...loopback, ...clock, '--yes', '--local-user', `${key.fingerprint}`, '--digest-algo', 'SHA256', '--output', output, ...mode, input], passphrase === undefined ? undefined : `${passphrase}\n`);
        return await readFile(output);
      } catch (error) {
        throw signError(key, error);
      } finally {
        await rm(input, {force: true});
        await rm(output, {force: true});
      }
    },
    async publicKey(armor) {
      const out = join(work, `pub-${++n}`);
      await gpg(['--yes', '--output', out, '--export', '--export-options', 'export-minimal', ...(armor ? ['--armor'] : []), key.fingerprint]);
      const bytes = await readFile(out);
      await rm(out, {force: true});
      return bytes;
    },
    close,
  };
}

function signError(key: SigningKeyInfo, error: unknown): VdistError {
  const tail = error instanceof ExecError ? error.message : String(error);
  const hints = [`Set ${PASSPHRASE_ENV}, or unlock the key in gpg-agent first (e.g. sign something with it once)`];
  if (/bad passphrase/i.test(tail)) return new VdistError(`wrong passphrase for signing key ${key.fingerprint}`, {code: 'SIGNING_PASSPHRASE', exit: ExitCode.usage, suggestions: hints});
  if (/pinentry|inappropriate ioctl|no passphrase|cancel/i.test(tail)) {
    return new VdistError(`signing key ${key.fingerprint} needs a passphrase and none was given`, {code: 'SIGNING_PASSPHRASE', exit: ExitCode.usage, suggestions: hints});
  }
  if (/expired/i.test(tail)) return new VdistError(`signing key ${key.fingerprint} has expired`, {code: 'SIGNING_KEY_UNUSABLE', exit: ExitCode.usage});
  return new VdistError(`gpg could not sign with ${key.fingerprint}`, {code: 'SIGNING_FAILED', cause: error, suggestions: ['Run with --log-level debug to see gpg\'s output']});
}

import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';

export interface TestKey {
  /** A private GNUPGHOME holding the secret key. */
  home: string;
  fingerprint: string;
  /** The armored secret key, for `signing_key = "path"`. */
  secretFile: string;
  /** The armored public key. */
  publicFile: string;
  passphrase: string;
}

/**
 * A fresh key in a private GNUPGHOME under `dir` (never the user's keyring).
 * `algo` as gpg --quick-gen-key spells it (rsa2048, ed25519); `expire` e.g.
 * "never", "1d", or "seconds=1" for a key that is about to expire.
 */
export async function makeTestKey(dir: string, options: {algo?: string; passphrase?: string; expire?: string; name?: string} = {}): Promise<TestKey> {
  const home = join(dir, `gnupg-${options.name ?? 'key'}`);
  await mkdir(home, {recursive: true, mode: 0o700});
  const passphrase = options.passphrase ?? '';
  const env = {GNUPGHOME: home};
  const batch = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', passphrase];
  const uid = `vdist test ${options.name ?? 'key'} <test@example.invalid>`;
  await execa('gpg', [...batch, '--quick-gen-key', uid, options.algo ?? 'ed25519', 'sign', options.expire ?? 'never'], {env});
  const {stdout} = await execa('gpg', ['--batch', '--with-colons', '--list-secret-keys', uid], {env});
  const fingerprint = stdout.split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9]!;
  const secretFile = join(dir, `${options.name ?? 'key'}.secret.asc`);
  const publicFile = join(dir, `${options.name ?? 'key'}.public.asc`);
  const secret = await execa('gpg', [...batch, '--armor', '--export-secret-keys', fingerprint], {env});
  await writeFile(secretFile, `${secret.stdout}\n`, {mode: 0o600});
  const pub = await execa('gpg', ['--batch', '--armor', '--export', fingerprint], {env});
  await writeFile(publicFile, `${pub.stdout}\n`);
  return {home, fingerprint, secretFile, publicFile, passphrase};
}

/** Stops the gpg-agent a test key's GNUPGHOME started. */
export async function stopAgent(home: string): Promise<void> {
  await execa('gpgconf', ['--kill', 'gpg-agent'], {env: {GNUPGHOME: home}, reject: false});
}

/** `rpm -K` against a scratch rpmdb holding only `publicFile`: its output and exit code. */
export async function rpmCheckSig(dir: string, publicFile: string | undefined, rpmFile: string): Promise<{exitCode: number; output: string}> {
  const db = join(dir, `rpmdb-${Math.random().toString(36).slice(2)}`);
  await mkdir(db, {recursive: true});
  const define = ['--define', `_dbpath ${db}`];
  if (publicFile) await execa('rpmkeys', [...define, '--import', publicFile]);
  const r = await execa('rpm', [...define, '-Kv', rpmFile], {reject: false, all: true});
  return {exitCode: r.exitCode ?? -1, output: r.all ?? ''};
}

import {mkdir, mkdtemp, rm, rmdir, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {execa} from 'execa';
import {startDaemon, unmountUnder, type Daemon} from './daemon.js';

/**
 * A real OCI registry (Debian's docker-registry, the CNCF distribution
 * registry) on 127.0.0.1 with TLS from a CA the test makes, trusted through
 * the engines' certs.d, and htpasswd auth. `stop()` stops it by its PID and
 * removes what it added under /etc.
 */
export interface TestRegistry {
  /** `127.0.0.1:PORT`. */
  host: string;
  user: string;
  password: string;
  dir: string;
  /** A podman/buildah/skopeo login file (REGISTRY_AUTH_FILE) holding `password`, or another one. */
  authFile(password?: string): Promise<string>;
  /** The digest of `host/repository:tag`'s manifest, or undefined when the registry has no such tag. */
  digest(repositoryAndTag: string): Promise<string | undefined>;
  /** Stops the registry (its PID) but keeps its files: a later start() serves them again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files and its certs.d entries. */
  dispose(): Promise<void>;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as {port: number}).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execa('openssl', args, {cwd, timeout: 60_000});
}

/** A CA, and a certificate for 127.0.0.1 that it signs. */
async function makeCertificates(dir: string): Promise<void> {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=vdist test CA'], dir);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext'], dir);
}

export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const user = 'vdist-ci';
  const password = `reg-pw-${process.pid}-s3cret`;
  const trusted = [`/etc/containers/certs.d/${host}`, `/etc/docker/certs.d/${host}`];
  await makeCertificates(dir);
  await execa('htpasswd', ['-B', '-b', '-c', join(dir, 'htpasswd'), user, password], {timeout: 60_000});
  await writeFile(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'store')}`,
      'http:',
      `  addr: ${host}`,
      '  tls:',
      `    certificate: ${join(dir, 'server.crt')}`,
      `    key: ${join(dir, 'server.key')}`,
      'auth:',
      '  htpasswd:',
      '    realm: vdist-test',
      `    path: ${join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  );
  for (const d of trusted) {
    await mkdir(d, {recursive: true});
    await execa('cp', [join(dir, 'ca.crt'), join(d, 'ca.crt')]);
  }
  let daemon: Daemon | undefined;
  const authFile = async (pw = password) => {
    const file = join(dir, `auth-${pw === password ? 'right' : 'other'}.json`);
    await writeFile(file, JSON.stringify({auths: {[host]: {auth: Buffer.from(`${user}:${pw}`).toString('base64')}}}), {mode: 0o600});
    return file;
  };
  const rightAuth = await authFile();
  const start = async () => {
    daemon = await startDaemon(
      ['docker-registry', 'serve', join(dir, 'config.yml')],
      ['curl', '--silent', '--fail', '--max-time', '5', '--cacert', join(dir, 'ca.crt'), '--user', `${user}:${password}`, `https://${host}/v2/`],
      {logFile: join(dir, 'registry.log'), timeoutMs: 60_000},
    );
  };
  await start();
  return {
    host,
    user,
    password,
    dir,
    authFile,
    async digest(repositoryAndTag) {
      const r = await execa('skopeo', ['inspect', '--authfile', rightAuth, '--format', '{{.Digest}}', `docker://${host}/${repositoryAndTag}`], {reject: false, timeout: 60_000});
      return r.exitCode === 0 ? r.stdout.trim() : undefined;
    },
    stop: async () => {
      await daemon?.stop();
      daemon = undefined;
    },
    start,
    async dispose() {
      await daemon?.stop();
      for (const d of trusted) {
        await rm(d, {recursive: true, force: true});
        // certs.d itself goes too when the test made it (nothing else in it).
        await rmdir(dirname(d)).catch(() => {});
      }
      await rm(dir, {recursive: true, force: true});
    },
  };
}

/**
 * A fresh CI runner's engine storage for podman and buildah: a storage.conf
 * whose graphroot and runroot are temporary, given through
 * CONTAINERS_STORAGE_CONF. `baseArchive` (an oci-archive) is loaded into it,
 * as a runner pulls its base image; the image ID stays the same.
 */
export async function freshStorage(baseArchive: string, env: Record<string, string>): Promise<{conf: string; dispose: () => Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-fresh-storage-'));
  const conf = join(dir, 'storage.conf');
  await writeFile(conf, `[storage]\ndriver = "overlay"\ngraphroot = "${join(dir, 'graph')}"\nrunroot = "${join(dir, 'run')}"\n`);
  const loaded = await execa('podman', ['load', '--input', baseArchive], {env: {...env, CONTAINERS_STORAGE_CONF: conf}, reject: false, timeout: 300_000});
  if (loaded.exitCode !== 0) throw new Error(`podman load into the fresh storage failed: ${loaded.stderr}`);
  return {
    conf,
    async dispose() {
      await unmountUnder(dir);
      await rm(dir, {recursive: true, force: true});
    },
  };
}

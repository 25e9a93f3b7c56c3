import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {mkdir, readdir, readFile, realpath, stat, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join, normalize} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {makeTestKey, rpmCheckSig, stopAgent, type TestKey} from '../helpers/gpg-key.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, exampleProject, exampleToml, podman, runVdist} from './support.js';

// One build of the example app as an rpm (system python3, from the bookworm
// image the other e2e tests cache), signed by `signing_key` as it is written,
// plus a small .deb made on the host with `vdist package`, published into one
// signed repository and served from loopback. rpm -K passes on the built and
// the published rpm (the same bytes: EdDSA is deterministic). Real apt in a
// fresh container installs from the repository alone with signed-by, and
// refuses a tampered Release and one signed by another key. Real dnf (Debian's
// package, into an empty --installroot) installs a small rpm with gpgcheck
// and repo_gpgcheck on, and refuses a tampered rpm and a tampered repomd.xml.
// The passphrase shows up nowhere.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});
const PASSPHRASE = 'publish-e2e-passphrase-8731';

/**
 * Serves `root` on 127.0.0.1 (symlinks followed). Under /PREFIX/ the same tree
 * is served, except the files the swap named PREFIX returns other bytes for.
 */
function serve(root: string, swaps: Record<string, (path: string) => Promise<Uint8Array | undefined>>): Promise<Server> {
  const server = createServer(async (req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const [, prefix, ...rest] = url.split('/');
    const swap = prefix && swaps[prefix];
    const path = normalize(swap ? `/${rest.join('/')}` : url);
    try {
      const file = await realpath(join(root, path));
      const swapped = swap ? await swap(file) : undefined;
      if (swapped) return res.end(swapped);
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      createReadStream(file).pipe(res);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

describe.skipIf(skip)('vdist publish: signed apt and yum repositories', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let key: TestKey;
  let other: TestKey;
  let server: Server;
  let base: string;
  let publishRun: Awaited<ReturnType<typeof runVdist>>;
  let repo: string;
  const started = Date.now();

  beforeAll(async () => {
    index = await startPyIndex();
    project = await exampleProject(
      exampleToml(
        'publish-example',
        `
compile_python = false
runtime_deps = ["python3"]
auto_runtime_deps = false
build_deps = ["gcc", "libc6-dev", "zlib1g-dev"]
pip_args = "--index-url ${index.indexUrl}"
`,
        {settings: 'profiles_dir = "profiles"\nsigning_key = "keys/repo.secret.asc"', profile: 'bookworm-rpm'},
      ),
    );
    await mkdir(join(project.dir, 'profiles'));
    const profile = {docker_image: BOOKWORM_IMAGE, script: 'debian.sh', format: 'rpm', family: 'debian'};
    await writeFile(join(project.dir, 'profiles/profiles.json'), JSON.stringify({'bookworm-rpm': profile}));
    const keys = join(project.dir, 'keys');
    await mkdir(keys);
    key = await makeTestKey(keys, {algo: 'ed25519', passphrase: PASSPHRASE, name: 'repo'});
    other = await makeTestKey(keys, {algo: 'ed25519', name: 'other'});
    const env = {VDIST_SIGNING_PASSPHRASE: PASSPHRASE, SOURCE_DATE_EPOCH: '1700000000'};
    const build = await runVdist(['build'], {cwd: project.dir, env});
    expect(build.exitCode, build.stderr.slice(-3000)).toBe(0);
    const root = join(project.dir, 'debroot/opt/hello-deb');
    await mkdir(root, {recursive: true});
    await writeFile(join(root, 'hello.txt'), 'hello from the signed repository\n');
    const pkg = await runVdist(['package', 'debroot', '--name', 'hello-deb', '--version', '1.0', '--format', 'deb', '-o', 'dist'], {cwd: project.dir, env});
    expect(pkg.exitCode, pkg.stderr).toBe(0);
    // A noarch rpm without dependencies: dnf installs it into an empty root.
    const rpmRoot = join(project.dir, 'rpmroot/opt/hello-rpm');
    await mkdir(rpmRoot, {recursive: true});
    await writeFile(join(rpmRoot, 'hello.txt'), 'hello from the signed yum repository\n');
    const rpmPkg = await runVdist(['package', 'rpmroot', '--name', 'hello-rpm', '--version', '1.0', '--format', 'rpm', '-o', 'dist'], {cwd: project.dir, env});
    expect(rpmPkg.exitCode, rpmPkg.stderr).toBe(0);

    server = await serve(join(project.dir, 'repo'), {
      tampered: async (path) => (path.endsWith('/InRelease') ? Buffer.from((await readFile(path, 'utf8')).replace('Suite: stable', 'Suite: stablx')) : undefined),
      otherkey: async (path) => {
        if (!path.endsWith('/InRelease')) return undefined;
        const release = await readFile(join(repo, 'apt/dists/stable/Release'));
        return (await execa('gpg', ['--batch', '--clearsign', '--local-user', other.fingerprint, '--output', '-'], {env: {GNUPGHOME: other.home}, input: release, encoding: 'buffer'})).stdout;
      },
      // One byte of the payload flipped: the rpm no longer matches primary.xml's checksum nor its signature.
      tamperedrpm: async (path) => {
        if (!path.endsWith('.rpm')) return undefined;
        const bytes = await readFile(path);
        const at = bytes.length - 20;
        bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
        return bytes;
      },
      tamperedmd: async (path) => (path.endsWith('/repomd.xml') ? Buffer.from((await readFile(path, 'utf8')).replace('<revision>', '<revision>1')) : undefined),
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    repo = join(project.dir, 'repo');
    publishRun = await runVdist(['publish', 'dist', '--repo', 'repo', '--url', base, '--log-level', 'debug', '--json'], {cwd: project.dir, env});
  });

  afterAll(async () => {
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    for (const k of [key, other]) if (k) await stopAgent(k.home);
    await index?.stop();
    await project?.dispose();
    console.log(`publish e2e: ${Math.round((Date.now() - started) / 1000)} s`);
  });

  it('publishes both repositories and exports the key and snippets', async () => {
    expect(publishRun.exitCode, publishRun.stderr.slice(-3000)).toBe(0);
    const result = JSON.parse(publishRun.stdout);
    expect(result.apt).toMatchObject({suite: 'stable', component: 'main', packages: 1});
    expect(result.yum).toMatchObject({packages: 2});
    const files = await readdir(repo);
    expect(files).toEqual(expect.arrayContaining(['vdist-archive-keyring.asc', 'vdist-archive-keyring.gpg', 'vdist.sources', 'vdist.repo', 'apt', 'yum']));
  });

  it('signs the rpm as it is built, so that rpm -K says OK, and publishes the same bytes', async () => {
    const [built] = (await readdir(join(project.dir, 'dist'))).filter((f) => f.startsWith('vdist-example') && f.endsWith('.rpm'));
    for (const rpm of [join(project.dir, 'dist', built!), join(repo, 'yum/packages', built!)]) {
      const r = await rpmCheckSig(project.dir, join(repo, 'vdist-archive-keyring.asc'), rpm);
      expect(r.output).toMatch(/Header V4 EdDSA\/SHA256 Signature, key ID [0-9a-f]+: OK/);
      expect(r.exitCode).toBe(0);
    }
    // Compared by digest: a deep comparison of two 6 MB buffers takes the test runner minutes.
    const digest = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');
    expect(await digest(join(repo, 'yum/packages', built!))).toBe(await digest(join(project.dir, 'dist', built!)));
  });

  it('signs repomd.xml, and its checksums name the metadata and the rpm as they are', async () => {
    const yum = join(repo, 'yum');
    const keyring = join(project.dir, 'repo-keyring.gpg');
    await execa('gpg', ['--batch', '--dearmor', '--yes', '--output', keyring, join(repo, 'vdist-archive-keyring.asc')]);
    const verified = await execa('gpgv', ['--keyring', keyring, join(yum, 'repodata/repomd.xml.asc'), join(yum, 'repodata/repomd.xml')], {reject: false});
    expect(verified.exitCode, verified.stderr).toBe(0);
    const repomd = await readFile(join(yum, 'repodata/repomd.xml'), 'utf8');
    const href = /<data type="primary">[\s\S]*?<checksum type="sha256">(\w+)<\/checksum>[\s\S]*?<location href="([^"]+)"/.exec(repomd)!;
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(await readFile(join(yum, href[2]!)))).toBe(href[1]);
    const primary = gunzipSync(await readFile(join(yum, href[2]!))).toString('utf8');
    const [, pkgid, location] = /<checksum type="sha256" pkgid="YES">(\w+)<\/checksum>[\s\S]*?<location href="([^"]+)"/.exec(primary)!;
    expect(sha(await readFile(join(yum, location!)))).toBe(pkgid);
  });

  it('installs with apt from the repository, trusted through signed-by; refuses a tampered Release and another key', async () => {
    const name = `vdist-e2e-publish-${process.pid}`;
    const created = await podman(['run', '--detach', '--name', name, '--network', 'host', '--entrypoint', 'sleep', BOOKWORM_IMAGE, 'infinity']);
    expect(created.exitCode, created.stderr).toBe(0);
    try {
      const cp = await podman(['cp', join(repo, 'vdist-archive-keyring.gpg'), `${name}:/etc/apt/keyrings/vdist-archive-keyring.gpg`]);
      expect(cp.exitCode, cp.stderr).toBe(0);
      const sources = await readFile(join(repo, 'vdist.sources'), 'utf8');
      const sh = (script: string) => podman(['exec', '--env', 'DEBIAN_FRONTEND=noninteractive', name, 'sh', '-c', script], {timeout: 600_000});
      const only = (prefix: string) =>
        sh(`printf '%s' '${sources.replace(`${base}/apt`, `${base}/${prefix}apt`)}' > /tmp/only.sources && apt-get update -o Dir::Etc::SourceList=/tmp/only.sources -o Dir::Etc::SourceParts=/nonexistent 2>&1`);

      // The repository alone (no mirror): quick, and nothing else can provide the package.
      const install = await sh(`printf '%s' '${sources}' > /etc/apt/sources.list.d/vdist.sources && rm -f /etc/apt/sources.list /etc/apt/sources.list.d/debian.sources && apt-get update 2>&1 && apt-get install -y hello-deb 2>&1 && cat /opt/hello-deb/hello.txt`);
      expect(install.exitCode, install.stdout + install.stderr).toBe(0);
      expect(install.stdout).toContain('hello from the signed repository');
      expect(install.stdout).not.toMatch(/cannot be authenticated|not signed/);

      const tampered = await only('tampered/');
      expect(tampered.stdout).toMatch(/BADSIG|signatures were invalid|is not signed/);
      const otherKey = await only('otherkey/');
      expect(otherKey.stdout).toMatch(/NO_PUBKEY|is not signed|signatures couldn't be verified/);
    } finally {
      await podman(['rm', '--force', '--time', '0', name], {timeout: 120_000});
    }
  });

  it('installs with dnf from the yum repository, gpgcheck and repo_gpgcheck on; refuses a tampered rpm and a tampered repomd.xml', async () => {
    const name = `vdist-e2e-publish-dnf-${process.pid}`;
    const created = await podman(['run', '--detach', '--name', name, '--network', 'host', '--entrypoint', 'sleep', BOOKWORM_IMAGE, 'infinity']);
    expect(created.exitCode, created.stderr).toBe(0);
    try {
      const sh = (script: string) => podman(['exec', '--env', 'DEBIAN_FRONTEND=noninteractive', name, 'sh', '-c', script], {timeout: 600_000});
      // dnf checks signatures with rpmkeys, from the rpm package.
      const tools = await sh('apt-get update -qq && apt-get install -y -qq --no-install-recommends dnf rpm >/dev/null 2>&1 && dnf --version');
      expect(tools.exitCode, tools.stdout + tools.stderr).toBe(0);
      const snippet = await readFile(join(repo, 'vdist.repo'), 'utf8');
      expect(snippet).toMatch(/^gpgcheck=1$/m);
      expect(snippet).toMatch(/^repo_gpgcheck=1$/m);
      const dnf = (prefix: string) =>
        sh(
          `rm -rf /etc/vdist.repos.d /tmp/root /tmp/dnf-cache && mkdir -p /etc/vdist.repos.d && printf '%s' '${snippet.replaceAll(`${base}/`, `${base}/${prefix}`)}' > /etc/vdist.repos.d/vdist.repo && ` +
            'dnf -y --installroot /tmp/root --releasever 1 --setopt=reposdir=/etc/vdist.repos.d --setopt=cachedir=/tmp/dnf-cache install hello-rpm 2>&1; echo "dnf exit $?"; cat /tmp/root/opt/hello-rpm/hello.txt 2>&1',
        );

      const install = await dnf('');
      expect(install.stdout).toContain('dnf exit 0');
      expect(install.stdout).toMatch(/Importing GPG key/);
      expect(install.stdout).toContain('hello from the signed yum repository');

      const rpm = await dnf('tamperedrpm/');
      expect(rpm.stdout).not.toContain('dnf exit 0');
      expect(rpm.stdout).not.toContain('hello from the signed yum repository');
      const metadata = await dnf('tamperedmd/');
      expect(metadata.stdout).toMatch(/GPG signature verification error|Bad GPG signature/);
      expect(metadata.stdout).not.toContain('hello from the signed yum repository');
    } finally {
      await podman(['rm', '--force', '--time', '0', name], {timeout: 120_000});
    }
  });

  it('keeps the passphrase out of the output, the debug log (gpg argv included) and the repository', async () => {
    expect(`${publishRun.stdout}\n${publishRun.stderr}`).not.toContain(PASSPHRASE);
    expect(publishRun.stderr).toMatch(/passphrase-fd/);
    const grep = await execa('grep', ['-rlF', PASSPHRASE, repo, join(project.dir, 'dist')], {reject: false});
    expect(grep.stdout).toBe('');
  });
});

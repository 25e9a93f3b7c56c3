import {lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pino} from 'pino';
import {VdistError} from '../../../src/core/errors.js';
import {packageDirectory} from '../../../src/core/pipeline/package-directory.js';
import {publish, type PublishOptions} from '../../../src/core/publish/publish.js';
import {openSigner, type Signer} from '../../../src/core/signing/gpg.js';
import {makeTestKey, stopAgent, type TestKey} from '../../helpers/gpg-key.js';

const log = pino({level: 'silent'});

/** The error a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<VdistError> {
  try {
    await p;
  } catch (error) {
    return error as VdistError;
  }
  throw new Error('expected a failure');
}

/** Every path under `dir` with its content, to show a repository did not change. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, {recursive: true, withFileTypes: true})) {
    const p = join(e.parentPath, e.name);
    out.push(`${p} ${e.isSymbolicLink() ? await readlink(p) : e.isFile() ? (await readFile(p)).toString('base64').slice(0, 40) : ''}`);
  }
  return out.sort();
}

describe('vdist publish (host only)', () => {
  let dir: string;
  let key: TestKey;
  let signer: Signer;
  const made = async (name: string, version: string, format: 'deb' | 'rpm', out: string, arch?: string, text = `${version}\n`) => {
    const root = join(dir, `root-${name}-${version}`);
    await mkdir(join(root, 'opt', name), {recursive: true});
    await writeFile(join(root, 'opt', name, 'v.txt'), text);
    return (await packageDirectory({dir: root, name, version, format, arch, depends: [], outputDir: out, env: {SOURCE_DATE_EPOCH: '1700000000'}})).packageFile;
  };
  const options = (from: string, repo: string, over: Partial<PublishOptions> = {}): PublishOptions => ({from, repo, signer, suite: 'stable', component: 'main', name: 'vdist', log, ...over});

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-publish-'));
    key = await makeTestKey(dir, {algo: 'ed25519'});
    signer = await openSigner(key.secretFile, {probe: false});
  }, 120_000);
  afterAll(async () => {
    await signer?.close();
    if (key) await stopAgent(key.home);
    await rm(dir, {recursive: true, force: true, maxRetries: 3});
  });

  it('adds new versions to what is there, prunes with --keep, and swaps the metadata by symlink', async () => {
    const repo = join(dir, 'repo-inc');
    const v1 = join(dir, 'in-1');
    const v2 = join(dir, 'in-2');
    await made('hello', '1.0', 'deb', v1, 'amd64');
    await made('hello', '1.0', 'rpm', v1, 'x86_64');
    await publish(options(v1, repo));
    const first = await readlink(join(repo, 'apt/dists/stable'));
    await made('hello', '2.0', 'deb', v2, 'amd64');
    await made('hello', '2.0', 'rpm', v2, 'x86_64');
    const second = await publish(options(v2, repo));
    expect(second.apt).toMatchObject({packages: 2, architectures: ['amd64']});
    expect(second.yum).toMatchObject({packages: 2});
    expect((await lstat(join(repo, 'apt/dists/stable'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(repo, 'apt/dists/stable'))).not.toBe(first);
    const packages = await readFile(join(repo, 'apt/dists/stable/main/binary-amd64/Packages'), 'utf8');
    expect(packages.match(/^Version: .*/gm)).toEqual(['Version: 1.0', 'Version: 2.0']);

    // Publishing the same packages again changes nothing but the metadata's date; --keep 1 drops 1.0.
    const third = await publish(options(v2, repo, {keep: 1}));
    expect(third.added).toEqual([]);
    expect(third.removed.sort()).toEqual(['apt/pool/main/h/hello/hello_1.0_amd64.deb', 'yum/packages/hello-1.0-1.x86_64.rpm']);
    expect(await readFile(join(repo, 'apt/dists/stable/main/binary-amd64/Packages'), 'utf8')).not.toContain('Version: 1.0');
    expect(await readdir(join(repo, 'yum/packages'))).toEqual(['hello-2.0-1.x86_64.rpm']);
    // Two generations at most: the current one and the one before.
    expect((await readdir(join(repo, 'apt/dists'))).filter((n) => n.startsWith('.stable.'))).toHaveLength(2);
  });

  it('refuses an architecture the repository does not take, a package that is not one, and other content under a published name; the repository stays as it was', async () => {
    const repo = join(dir, 'repo-bad');
    const good = join(dir, 'in-good');
    await made('app', '1.0', 'deb', good, 'amd64');
    await publish(options(good, repo, {arches: ['amd64']}));
    const before = await snapshot(repo);

    const arm = join(dir, 'in-arm');
    await made('app', '1.1', 'deb', arm, 'arm64');
    const e1 = await failure(publish(options(arm, repo, {arches: ['amd64']})));
    expect(e1.oclif.exit).toBe(2);
    expect(e1.code).toBe('ARCH_MISMATCH');

    const junk = join(dir, 'in-junk');
    await mkdir(junk);
    await writeFile(join(junk, 'app_1.2_amd64.deb'), 'not an ar archive');
    const e2 = await failure(publish(options(junk, repo)));
    expect(e2.code).toBe('NOT_A_PACKAGE');
    expect(e2.message).toContain('app_1.2_amd64.deb');

    const other = join(dir, 'in-other');
    await made('app', '1.0', 'deb', other, 'amd64', 'other content\n');
    const e3 = await failure(publish(options(other, repo)));
    expect(e3.code).toBe('PUBLISH_CONFLICT');
    expect(e3.oclif.exit).toBe(2);

    const e4 = await failure(publish(options(good, repo, {suite: 'testing'})));
    expect(e4.code).toBe('PUBLISH_SUITE');
    expect(await snapshot(repo)).toEqual(before);
  });

  it('cleans up after a publish that died half-way', async () => {
    const repo = join(dir, 'repo-dead');
    const input = join(dir, 'in-dead');
    await made('dead', '1.0', 'deb', input, 'amd64');
    await publish(options(input, repo));
    // A dead process's lock and a generation it never renamed into place.
    await writeFile(join(repo, '.vdist-publish.lock'), '999999999\n');
    await mkdir(join(repo, 'apt/dists/..stable.x-1.999999999-abcd1234.part'));
    const result = await publish(options(input, repo));
    expect(result.apt?.packages).toBe(1);
    expect((await readdir(join(repo, 'apt/dists'))).some((n) => n.endsWith('.part'))).toBe(false);
    expect((await readdir(repo)).includes('.vdist-publish.lock')).toBe(false);
  });
});

describe('signing keys that cannot be used', () => {
  let dir: string;
  const homes: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-badkey-'));
  }, 120_000);
  afterAll(async () => {
    for (const h of homes) await stopAgent(h);
    await rm(dir, {recursive: true, force: true, maxRetries: 3});
  });

  it('an unknown key id is a usage error', async () => {
    const home = join(dir, 'empty');
    await mkdir(home, {mode: 0o700});
    homes.push(home);
    const e = await failure(openSigner('DEADBEEFDEADBEEF', {env: {GNUPGHOME: home}}));
    expect(e.code).toBe('SIGNING_KEY_UNKNOWN');
    expect(e.oclif.exit).toBe(2);
  });

  it('an expired key is refused', async () => {
    const key = await makeTestKey(dir, {name: 'expired', expire: 'seconds=1'});
    homes.push(key.home);
    await new Promise((ok) => setTimeout(ok, 2100));
    const e = await failure(openSigner(key.fingerprint, {env: {GNUPGHOME: key.home}}));
    expect(e.code).toBe('SIGNING_KEY_UNUSABLE');
    expect(e.message).toMatch(/expired/);
  });

  it('a wrong passphrase is refused at once, and the passphrase is in no message', async () => {
    const key = await makeTestKey(dir, {name: 'locked', passphrase: 'right-passphrase-123'});
    homes.push(key.home);
    await stopAgent(key.home);
    const e = await failure(openSigner(key.secretFile, {env: {VDIST_SIGNING_PASSPHRASE: 'wrong-passphrase-456'}}));
    expect(e.code).toBe('SIGNING_PASSPHRASE');
    expect(e.oclif.exit).toBe(2);
    expect(`${e.message} ${JSON.stringify(e)}`).not.toMatch(/wrong-passphrase-456|right-passphrase-123/);
  });
});

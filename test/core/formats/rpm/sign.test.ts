import {createHash} from 'node:crypto';
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {packageDirectory} from '../../../../src/core/pipeline/package-directory.js';
import {openSigner, type Signer} from '../../../../src/core/signing/gpg.js';
import {readRpmLayout, signRpm} from '../../../../src/core/formats/rpm/sign.js';
import {makeTestKey, rpmCheckSig, stopAgent, type TestKey} from '../../../helpers/gpg-key.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('rpm signatures', () => {
  let dir: string;
  let rpm: string;
  let rsa: TestKey;
  let ed: TestKey;
  const signers: Signer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-rpmsign-'));
    const root = join(dir, 'root');
    await mkdir(join(root, 'opt', 'hello'), {recursive: true});
    await writeFile(join(root, 'opt', 'hello', 'hello.txt'), 'hello\n');
    const env = {SOURCE_DATE_EPOCH: '1700000000'};
    ({packageFile: rpm} = await packageDirectory({dir: root, name: 'hello', version: '1.0', format: 'rpm', depends: [], outputDir: join(dir, 'out'), env}));
    rsa = await makeTestKey(dir, {algo: 'rsa2048', passphrase: 'correct horse', name: 'rsa'});
    ed = await makeTestKey(dir, {algo: 'ed25519', name: 'ed'});
  }, 120_000);
  afterAll(async () => {
    for (const s of signers) await s.close();
    for (const k of [rsa, ed]) if (k) await stopAgent(k.home);
    await rm(dir, {recursive: true, force: true, maxRetries: 3});
  });

  async function open(key: TestKey, env: Record<string, string> = {}) {
    const s = await openSigner(key.secretFile, {env: {...env}});
    signers.push(s);
    return s;
  }

  it('adds header and header+payload signatures that rpm -K accepts, leaving header and payload unchanged', async () => {
    const signed = join(dir, 'rsa.rpm');
    await copyFile(rpm, signed);
    const before = await readRpmLayout(signed);
    const signer = await open(rsa, {VDIST_SIGNING_PASSPHRASE: rsa.passphrase});
    await signRpm(signed, signer, 1700000000);
    const after = await readRpmLayout(signed);
    expect(after.header.equals(before.header)).toBe(true);
    const tail = (f: string, at: number) => readFile(f).then((b) => sha(b.subarray(at)));
    expect(await tail(signed, after.headerStart)).toBe(await tail(rpm, before.headerStart));

    const ok = await rpmCheckSig(dir, rsa.publicFile, signed);
    expect(ok.output).toMatch(/Header V4 RSA\/SHA256 Signature, key ID [0-9a-f]+: OK/);
    expect(ok.output).toMatch(/V4 RSA\/SHA256 Signature, key ID [0-9a-f]+: OK/);
    expect(ok.exitCode).toBe(0);
    const unknown = await rpmCheckSig(dir, undefined, signed);
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.output).toMatch(/NOKEY/);
  });

  it('is deterministic with EdDSA: same key, same input, same time, same bytes', async () => {
    const a = join(dir, 'ed-a.rpm');
    const b = join(dir, 'ed-b.rpm');
    await copyFile(rpm, a);
    await copyFile(rpm, b);
    const signer = await open(ed);
    await signRpm(a, signer, 1700000000);
    await signRpm(b, signer, 1700000000);
    expect(sha(await readFile(a))).toBe(sha(await readFile(b)));
    const ok = await rpmCheckSig(dir, ed.publicFile, a);
    expect(ok.output).toMatch(/EdDSA\/SHA256 Signature, key ID [0-9a-f]+: OK/);
    expect(ok.exitCode).toBe(0);
    // Signing again replaces the signature rather than adding a second one.
    await signRpm(a, signer, 1700000000);
    expect(sha(await readFile(a))).toBe(sha(await readFile(b)));
  });

  it('is refused by rpm -K once the payload is tampered with', async () => {
    const signed = join(dir, 'tampered.rpm');
    await copyFile(rpm, signed);
    await signRpm(signed, await open(ed), 1700000000);
    const bytes = await readFile(signed);
    bytes[bytes.length - 10] = bytes.at(-10)! ^ 0xff;
    await writeFile(signed, bytes);
    const r = await rpmCheckSig(dir, ed.publicFile, signed);
    expect(r.exitCode).not.toBe(0);
  });

  it('rpmlint no longer reports no-signature', async () => {
    const signed = join(dir, 'lint.rpm');
    await copyFile(rpm, signed);
    await signRpm(signed, await open(ed), 1700000000);
    const r = await execa('rpmlint', [signed], {reject: false, all: true});
    expect(r.all).not.toMatch(/no-signature/);
  });
});

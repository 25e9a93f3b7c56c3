import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {packageDirectory} from '../../../../src/core/pipeline/package-directory.js';
import {arMembers} from '../../../../src/core/formats/deb/reader.js';
import {signDeb} from '../../../../src/core/formats/deb/sign.js';
import {openSigner} from '../../../../src/core/signing/gpg.js';
import {makeTestKey, stopAgent, type TestKey} from '../../../helpers/gpg-key.js';

describe('debsigs origin signature', () => {
  let dir: string;
  let key: TestKey;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-debsign-'));
    key = await makeTestKey(dir);
  }, 120_000);
  afterAll(async () => {
    if (key) await stopAgent(key.home);
    await rm(dir, {recursive: true, force: true, maxRetries: 3});
  });

  it('appends _gpgorigin over debian-binary, control and data; dpkg still reads the package; signing again replaces it', async () => {
    const root = join(dir, 'root');
    await mkdir(join(root, 'opt', 'hello'), {recursive: true});
    await writeFile(join(root, 'opt', 'hello', 'hi.txt'), 'hi\n');
    const {packageFile} = await packageDirectory({dir: root, name: 'hello', version: '1.0', format: 'deb', depends: [], outputDir: join(dir, 'out'), env: {SOURCE_DATE_EPOCH: '1700000000'}});
    const before = arMembers(await readFile(packageFile));
    const signer = await openSigner(key.secretFile, {probe: false});
    try {
      await signDeb(packageFile, signer, 1700000000);
      const once = await readFile(packageFile);
      await signDeb(packageFile, signer, 1700000000);
      expect((await readFile(packageFile)).equals(once)).toBe(true);
    } finally {
      await signer.close();
    }
    const after = arMembers(await readFile(packageFile));
    expect(after.map((m) => m.name)).toEqual([...before.map((m) => m.name), '_gpgorigin']);
    await execa('dpkg-deb', ['--info', packageFile]);
    const signed = Buffer.concat(after.slice(0, 3).map((m) => m.data));
    await writeFile(join(dir, 'signed'), signed);
    await writeFile(join(dir, 'sig'), after[3]!.data);
    const verify = await execa('gpg', ['--batch', '--verify', join(dir, 'sig'), join(dir, 'signed')], {env: {GNUPGHOME: key.home}, reject: false});
    expect(verify.stderr).toMatch(/Good signature/);
  });
});

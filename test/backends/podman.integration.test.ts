import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {copyOut} from '../../src/backends/copy-out.js';
import {PodmanBackend} from '../../src/backends/podman.js';
import {withContainer} from '../../src/backends/with-container.js';
import {engineSkipReason} from '../helpers/engines.js';
import {memoryLogger, runScenario, TEST_IMAGE} from '../helpers/backend-scenario.js';
import {runCli} from '../helpers/run-cli.js';

const CONF = join(dirname(fileURLToPath(import.meta.url)), '../containers.conf');
process.env.CONTAINERS_CONF = CONF;
const skip = await engineSkipReason('podman (root)', ['podman', 'image', 'exists', TEST_IMAGE]);

describe.skipIf(skip)('podman as root', () => {
  it('streams the source in, runs a script, streams results out, and removes the container', async () => {
    await runScenario(new PodmanBackend());
  });

  it('refuses a result link that points outside, writing nothing outside the output dir', async () => {
    const base = await mkdtemp(join(tmpdir(), 'vdist-hostile-'));
    const {log} = memoryLogger();
    const backend = new PodmanBackend();
    try {
      const out = join(base, 'dist');
      const error = await withContainer(backend, {build: 'hostile', image: TEST_IMAGE}, {log}, async (c) => {
        await backend.run(c, ['sh', '-c', 'mkdir -p /r && echo ok > /r/a && ln -s /etc/passwd /r/evil && echo x > /r/z'], {log});
        return copyOut(backend, c, '/r', ['.'], out, {log}).catch((e: unknown) => e);
      });
      expect(String(error)).toMatch(/Refused result entry ".\/evil": symlink to absolute path \/etc\/passwd/);
      expect(await readdir(base)).toEqual(['dist']);
      expect(await readdir(out)).not.toContain('evil');
    } finally {
      await rm(base, {recursive: true, force: true});
    }
  });

  // Not `vdist clean` for real here: it would also remove containers of builds running beside this suite.
  it('`vdist doctor --json` runs a real container', async () => {
    const doctor = await runCli(['doctor', '--json', '--backend', 'podman', '--image', TEST_IMAGE], tmpdir(), {CONTAINERS_CONF: CONF});
    expect(doctor.exitCode, doctor.stderr).toBe(0);
    expect(JSON.parse(doctor.stdout).engines[0]).toMatchObject({engine: 'podman', found: true, rootless: false, canRun: true});
  });
});

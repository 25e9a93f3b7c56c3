import {spawn} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {engineSkipReason} from '../helpers/engines.js';
import {TEST_IMAGE} from '../helpers/backend-scenario.js';

const here = dirname(fileURLToPath(import.meta.url));
process.env.CONTAINERS_CONF = join(here, '../containers.conf');
const CHILD = join(here, '../fixtures/interrupt/long-build.mjs');
const skip =
  (await engineSkipReason('podman (root)', ['podman', 'image', 'exists', TEST_IMAGE])) ??
  (await engineSkipReason('compiled lib/ (npm run build)', ['test', '-f', join(here, '../../lib/backends/podman.js')]));

describe.skipIf(skip)('SIGINT during a container command', () => {
  it('exits 130 and leaves no container behind', async () => {
    const child = spawn(process.execPath, [CHILD, TEST_IMAGE], {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const name = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no container started in 60 s:\n${stderr}`)), 60_000);
      child.stdout.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString().trim());
      });
    });
    // Let `sleep 300` really start before interrupting.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, stderr).toBe(130);
    const left = await execa('podman', ['ps', '--all', '--filter', `name=${name}`, '--format', '{{.Names}}']);
    expect(left.stdout.trim()).toBe('');
  });
});

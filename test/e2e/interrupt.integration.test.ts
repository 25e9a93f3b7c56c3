import {execa} from 'execa';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {REPO_ROOT} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, containersOfBuild, exampleProject, exampleToml} from './support.js';

// Ctrl-C at the CLI: SIGINT to `vdist build` while it provisions (--no-cache, so
// provisioning runs even when an earlier test cached the image) must end the
// run with exit code 130 and leave no container and no half-made cache image.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

const BUILD = 'example-interrupted';

describe.skipIf(skip)('vdist build: Ctrl-C', () => {
  let project: Awaited<ReturnType<typeof exampleProject>>;

  beforeAll(async () => {
    project = await exampleProject(exampleToml(BUILD, 'compile_python = false'));
  });

  afterAll(async () => {
    await project?.dispose();
  });

  it('exits 130, removes the provisioning container and leaves no temporary cache image', async () => {
    const child = execa(process.execPath, [join(REPO_ROOT, 'bin/run.js'), 'build', '--no-cache', '--progress', 'json'], {
      cwd: project.dir,
      env: {CONTAINERS_CONF},
      reject: false,
      timeout: 300_000,
      all: true,
    });
    // Wait (bounded) until the build script is running inside its container.
    let output = '';
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the build script did not start within 120 s:\n${output.slice(-2000)}`)), 120_000);
      child.all!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('==> vdist: provision')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await started;
    expect(await containersOfBuild(BUILD)).toHaveLength(1);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.all?.slice(-3000)).toBe(130);
    expect(await containersOfBuild(BUILD)).toEqual([]);
    const images = await execa('podman', ['images', '--format', '{{.Repository}}:{{.Tag}}'], {env: {CONTAINERS_CONF}});
    // This run's temporary tags only (they carry its pid): another vdist may be provisioning meanwhile.
    expect(images.stdout.split('\n').filter((r) => r.startsWith('localhost/vdist-cache/') && r.includes(':tmp-') && r.includes(`-${child.pid}-`))).toEqual([]);
  });
});

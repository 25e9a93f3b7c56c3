import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startPyIndex, type PyIndex} from '../test/helpers/pyindex.js';
import {exampleProject, exampleToml, runVdist} from '../test/e2e/support.js';
import {buildPhases} from './build-phases.js';

// What the deployment parts (issue 10) cost a warm build: the example app with the
// system python3, built with none of them (bin_links = []) and with all of them
// (its console script on PATH, a unit, a config file). Each variant is built twice;
// the second (warm: cached image and pip cache) is measured.
//
//   npm run build && npx vitest run --config bench/deploy.vitest.config.ts
const UNIT = '[Unit]\nDescription=vdist example\n\n[Service]\nExecStart=/usr/bin/vdist-example 10\n\n[Install]\nWantedBy=multi-user.target\n';
const VARIANTS = {
  none: 'bin_links = []',
  all: 'systemd_units = ["deploy/vdist-example.service"]\nconfig_files = { "/etc/vdist-example/config.toml" = "deploy/config.toml" }',
};

/** Seconds from the `==> vdist: build: deployment files` marker to the next one. */
async function deployStep(logFile: string): Promise<number> {
  const records = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as {time: number; msg: string; stream?: string});
  const markers = records.filter((r) => r.stream === 'stdout' && r.msg.startsWith('==> vdist: '));
  const i = markers.findIndex((r) => r.msg.startsWith('==> vdist: build: deployment files'));
  return i < 0 ? 0 : (markers[i + 1]!.time - markers[i]!.time) / 1000;
}

describe('deployment parts benchmark', () => {
  let index: PyIndex;
  const rows: string[] = [];
  beforeAll(async () => {
    index = await startPyIndex();
  });
  afterAll(async () => {
    await index?.stop();
    console.log(['| variant | total s | script s | deployment step s | packaging s |', '|---|---|---|---|---|', ...rows].join('\n'));
  });

  for (const [variant, keys] of Object.entries(VARIANTS)) {
    it(variant, async () => {
      const name = `bench-deploy-${variant}`;
      const settings = `pip_args = "--index-url ${index.indexUrl}"\ncompile_python = false\nbuild_deps = ["gcc", "libc6-dev", "zlib1g-dev"]\n${keys}`;
      const project = await exampleProject(exampleToml(name, settings), {'deploy/vdist-example.service': UNIT, 'deploy/config.toml': 'n = 10\n'});
      try {
        const env = {VDIST_CACHE_DIR: join(project.dir, 'vdist-cache')};
        for (const round of [1, 2]) {
          const r = await runVdist(['build', '--json'], {cwd: project.dir, env});
          expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
          if (round === 1) continue;
          const log = join(project.dir, 'dist/logs', `${name}.log`);
          const p = await buildPhases(log);
          rows.push(`| ${variant} | ${p.total} | ${p.script} | ${await deployStep(log)} | ${p.packaging} |`);
        }
      } finally {
        await project.dispose();
      }
    });
  }
});

import {writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cpythonTarball} from '../test/helpers/cpython-tarball.js';
import {startPyIndex, type PyIndex} from '../test/helpers/pyindex.js';
import {exampleProject, exampleToml, runVdist} from '../test/e2e/support.js';
import {buildPhases, type BuildPhases} from './build-phases.js';

// A cold and a warm build of the example app, by phase. "Cold" is the first
// build after the index and tarball are ready; "warm" repeats it at once (the
// image, the engine's storage and the host's page cache are warm; every build
// still starts from a clean container, so provisioning is paid again until
// the provisioned-image cache lands).
//
//   npm run build && npx vitest run --config bench/build.vitest.config.ts
//   BENCH_VARIANTS=system,own-python   (default: system; own-python compiles CPython)
//   BENCH_RUNS=cold,warm               (default: both)
const variants = (process.env.BENCH_VARIANTS ?? 'system').split(',').map((v) => v.trim());
const runs = (process.env.BENCH_RUNS ?? 'cold,warm').split(',').map((r) => r.trim());

describe('build benchmark', () => {
  let index: PyIndex;
  const results: Array<{variant: string; run: string; phases: BuildPhases}> = [];

  beforeAll(async () => {
    const python = await cpythonTarball();
    index = await startPyIndex();
    await index.addFile(`/python/${python.version}/Python-${python.version}.tgz`, python.file);
  });

  afterAll(async () => {
    await index?.stop();
    if (results.length === 0) return;
    const rows = results.map(({variant, run, phases: p}) =>
      `| ${variant} | ${run} | ${p.total} | ${p.engineStart} | ${p.sourceCopy} | ${p.provisioning} | ${p.python} | ${p.pip} | ${p.cleanup} | ${p.packaging} | ${p.engineStop} | ${p.overhead} |`,
    );
    const table = [
      '| variant | run | total s | engine start | source copy | provisioning | Python | pip | clean-up | packaging | engine stop | vdist overhead |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    const saved = join(tmpdir(), 'vdist-build-bench.md');
    await writeFile(saved, `${table}\n`);
    console.log(`\n${table}\n\n(also in ${saved})`);
  });

  for (const variant of variants) {
    for (const run of runs) {
      it(`${variant}: ${run} build`, async () => {
        const own = variant === 'own-python';
        const name = `bench-${variant}`;
        const settings = own
          ? `compile_python = true\ncompile_python_version = "3.11.2"\npython_mirror = "${index.baseUrl}/python"`
          : 'compile_python = false\nruntime_deps = ["python3"]\nbuild_deps = ["gcc", "libc6-dev", "zlib1g-dev"]';
        const project = await exampleProject(exampleToml(name, `pip_args = "--index-url ${index.indexUrl}"\n${settings}`));
        try {
          const r = await runVdist(['build', '--json'], {cwd: project.dir});
          expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
          results.push({variant, run, phases: await buildPhases(join(project.dir, 'dist/logs', `${name}.log`))});
        } finally {
          await project.dispose();
        }
      });
    }
  }
});

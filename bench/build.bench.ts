import {writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cpythonTarball} from '../test/helpers/cpython-tarball.js';
import {startPyIndex, type PyIndex} from '../test/helpers/pyindex.js';
import {exampleProject, exampleToml, runVdist} from '../test/e2e/support.js';
import {pipCacheFile} from '../src/core/cache/pip-cache.js';
import {loadConfig} from '../src/core/config/load.js';
import {buildPhases, type BuildPhases} from './build-phases.js';
import {floorBuild, type FloorPhases} from './floor.js';

// Builds of the example app, by phase, in a row on one project:
//   cold   `vdist build --no-cache`: every image level provisioned (CPython compiled), no pip cache
//   warm   the same build again: cached image; pip's cache empty, then saved
//   edit   a one-line change to the app's source: cached image and pip cache (the warm rebuild)
//   floor  the edit build's steps by hand in the same cached image (podman exec, dpkg-deb)
//
//   npm run build && npx vitest run --config bench/build.vitest.config.ts
//   BENCH_VARIANTS=system,own-python   (default: system; own-python compiles CPython once, cold)
//   BENCH_RUNS=cold,warm,edit,floor    (default: all; a run needs the ones before it)
const variants = (process.env.BENCH_VARIANTS ?? 'system').split(',').map((v) => v.trim());
const runs = (process.env.BENCH_RUNS ?? 'cold,warm,edit,floor').split(',').map((r) => r.trim());

type Row = {variant: string; run: string; cache: string; sizeMB?: number; phases?: BuildPhases; floor?: FloorPhases};

describe('build benchmark', () => {
  let index: PyIndex;
  const results: Row[] = [];

  beforeAll(async () => {
    const python = await cpythonTarball();
    index = await startPyIndex();
    await index.addFile(`/python/${python.version}/Python-${python.version}.tgz`, python.file);
  });

  afterAll(async () => {
    await index?.stop();
    if (results.length === 0) return;
    const rows = results.map(({variant, run, cache, sizeMB, phases: p, floor: f}) =>
      p
        ? `| ${variant} | ${run} | ${cache} | ${p.total} | ${p.engineStart} | ${p.sourceCopy} | ${p.cacheLookup} | ${p.provisioning} | ${p.python} | ${p.pipCache} | ${p.pip} | ${p.cleanup} | ${p.packaging} | ${p.engineStop} | ${p.overhead} | ${sizeMB} |`
        : `| ${variant} | ${run} | by hand | ${f!.total} | ${f!.engineStart} | ${f!.copyIn} | - | - | - | - | ${f!.script} (whole build stage) | - | ${Math.round((f!.treeOut + f!.packaging) * 10) / 10} | ${f!.engineStop} | - | - |`,
    );
    const table = [
      '| variant | run | cache | total s | engine start | source copy | cache lookup | provisioning | Python | pip cache in+out | pip | clean-up | packaging | engine stop | vdist overhead | package MB |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    const saved = join(tmpdir(), 'vdist-build-bench.md');
    await writeFile(saved, `${table}\n`);
    console.log(`\n${table}\n\n(also in ${saved})`);
  });

  for (const variant of variants) {
    describe(variant, () => {
      const own = variant === 'own-python';
      const name = `bench-${variant}`;
      let project: Awaited<ReturnType<typeof exampleProject>>;
      let env: Record<string, string>;
      let image = '';

      beforeAll(async () => {
        const settings = own
          ? `compile_python = true\ncompile_python_version = "3.11.2"\npython_mirror = "${index.baseUrl}/python"`
          : 'compile_python = false\nruntime_deps = ["python3"]\nbuild_deps = ["gcc", "libc6-dev", "zlib1g-dev"]';
        project = await exampleProject(exampleToml(name, `pip_args = "--index-url ${index.indexUrl}"\n${settings}`));
        env = {VDIST_CACHE_DIR: join(project.dir, 'vdist-cache')};
      });

      afterAll(async () => {
        await project?.dispose();
      });

      for (const run of runs) {
        it(`${variant}: ${run}`, async () => {
          if (run === 'edit' || run === 'floor') await writeFile(join(project.dir, 'app/vdist_example/edit.py'), `EDITED = ${Date.now()}\n`);
          if (run === 'floor') {
            const configFile = join(project.dir, 'vdist.toml');
            const spec = loadConfig(configFile, {}).builds[0]!;
            const floor = await floorBuild({configFile, image, pipCache: pipCacheFile(env.VDIST_CACHE_DIR!, spec), sourceDir: join(project.dir, 'app'), codec: ['-Zxz', '-z0']});
            results.push({variant, run, cache: 'by hand', floor});
            return;
          }
          const r = await runVdist(['build', '--json', ...(run === 'cold' ? ['--no-cache'] : [])], {cwd: project.dir, env});
          expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
          const build = (JSON.parse(r.stdout) as {builds: Array<{sizeBytes: number; cache: {status: string; levels: Array<{reference: string}>}}>}).builds[0]!;
          image = build.cache.levels.at(-1)!.reference;
          results.push({variant, run, cache: build.cache.status, sizeMB: Math.round(build.sizeBytes / 1e5) / 10, phases: await buildPhases(join(project.dir, 'dist/logs', `${name}.log`))});
        });
      }
    });
  }
});

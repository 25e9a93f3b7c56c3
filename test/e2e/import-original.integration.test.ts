import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineSkipReason} from '../helpers/engines.js';
import {startPyIndex, type PyIndex} from '../helpers/pyindex.js';
import {BOOKWORM_IMAGE, CONTAINERS_CONF, containersOfBuild, debInfo, exampleProject, installAndRun, runVdist} from './support.js';

// The example app described as the original vdist's `vdist batch` INI file, imported
// with `vdist init --from`, built as it is, and installed in a fresh container: the
// import's {VAR} version, the compile_python = False quirk (the system python3, no
// CPython compile) and bin_links = [] for a postinst that links the command itself.
const skip = await engineSkipReason('podman', ['podman', 'image', 'exists', BOOKWORM_IMAGE], {CONTAINERS_CONF});

const BUILD = 'example-from-batch';

describe.skipIf(skip)('an original vdist batch file, imported and built', () => {
  let index: PyIndex;
  let project: Awaited<ReturnType<typeof exampleProject>>;
  let imported: Awaited<ReturnType<typeof runVdist>>;
  let run: Awaited<ReturnType<typeof runVdist>>;
  let summary: {exitCode: number; builds: Array<Record<string, unknown>>};

  beforeAll(async () => {
    index = await startPyIndex();
    project = await exampleProject('', {'packaging/postinst.sh': '#!/bin/sh\nset -e\nln -sf /opt/vdist-example/bin/vdist-example /usr/bin/vdist-example\n'});
    await writeFile(
      join(project.dir, 'batch.cnf'),
      `[DEFAULT]
app = vdist-example
version = 0.1.{RELEASE}
source_directory = ./app
; the original compiled Python anyway: bool("False") is true
compile_python = False
build_deps = gcc, libc6-dev,
    zlib1g-dev
pip_args = --index-url ${index.indexUrl}
requirements_path = /requirements.txt
after_install = packaging/postinst.sh

[${BUILD}]
profile = debian-bookworm
`,
    );
    // exampleProject writes a vdist.toml of its own: the import needs the place to itself.
    await rm(join(project.dir, 'vdist.toml'));
    imported = await runVdist(['init', '--from', 'batch.cnf'], {cwd: project.dir, env: {OCLIF_COLUMNS: '1000'}});
    run = await runVdist(['build', '--network', 'host', '--json'], {cwd: project.dir, env: {RELEASE: '7'}});
    summary = JSON.parse(run.stdout);
  });

  afterAll(async () => {
    await index?.stop();
    await project?.dispose();
  });

  it('imports the file with the quirk flagged and bin_links = [] for the linking postinst', async () => {
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('batch.cnf:6: [DEFAULT] compile_python: "False": the original read any non-empty text as true');
    const toml = await readFile(join(project.dir, 'vdist.toml'), 'utf8');
    expect(toml).toMatch(/^compile_python = false /m);
    expect(toml).toMatch(/^bin_links = \[\] /m);
    expect(toml).toContain('version = "0.1.${RELEASE}"');
  });

  it('builds it into a .deb of the version the environment gives', () => {
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
    expect(summary.builds.map((b) => [b.build, b.status])).toEqual([[BUILD, 'ok']]);
    expect(summary.builds[0]!.packageFile).toMatch(/\/vdist-example_0\.1\.7(-1)?_amd64\.deb$/);
  });

  it('leaves the /usr/bin link to the postinst and depends on the system python3', async () => {
    const {depends, files} = await debInfo(summary.builds[0]!.packageFile as string);
    expect(files).not.toContain('./usr/bin/vdist-example');
    expect(files).toContain('./opt/vdist-example/bin/vdist-example');
    expect(depends.map((d) => d.split(' ')[0])).toContain('python3');
  });

  it('installs in a fresh container, where the command the postinst linked runs', async () => {
    const {exitCode, output} = await installAndRun(
      summary.builds[0]!.packageFile as string,
      `set -e
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$DEB" >/dev/null
readlink /usr/bin/vdist-example
vdist-example 10`,
    );
    expect(exitCode, output).toBe(0);
    expect(output).toContain('/opt/vdist-example/bin/vdist-example');
    expect(output).toContain('vdist-example 0.1.0: sum(1..10) = 55');
  });

  it('removed every container it started', async () => {
    expect(await containersOfBuild(BUILD)).toEqual([]);
  });
});

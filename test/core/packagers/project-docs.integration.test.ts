import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {debPackager} from '../../../src/core/formats/deb/writer.js';
import {packageMetadata} from '../../../src/core/metadata/metadata.js';
import {rpmPackager} from '../../../src/core/formats/rpm/writer.js';
import {unavailable} from '../../helpers/engines.js';
import {lintianErrors, rpmlintErrors} from '../../helpers/lint.js';
import {fixtureProject} from '../project/project-fixtures.js';
import {fixtureSource, tempDir, writePackage} from './tree-fixture.js';

// The native writers' packages of each project fixture (a small tree, no
// container): lintian and rpmlint find no error beyond the accepted ones, and
// lintian nothing about the copyright file, the changelog or the description.
// (Debian's rpmlint has an empty ValidLicenses list, so its invalid-license
// warning is about the configuration, not the package.)
const CASES: [string, string, string | undefined][] = [
  ['pyproject-text', 'demoapp', 'CHANGELOG.md'],
  ['spdx', 'spdxapp', undefined],
  ['license-files', 'filesapp', undefined],
  ['bare-license', 'bareapp', undefined],
  ['setup-cfg', 'cfgapp', undefined],
];
const DOC_TAGS = /copyright|changelog|description|synopsis|dep5|license|mail/;

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

async function build(fixture: string, app: string, changelog: string | undefined, format: 'deb' | 'rpm', iteration?: string): Promise<string> {
  const root = join(dir, `${fixture}-${format}-root`);
  await mkdir(join(root, 'opt', app, 'share'), {recursive: true});
  await writeFile(join(root, 'opt', app, 'share', 'data.txt'), `${app} data\n`);
  const project = await fixtureProject(fixture, changelog);
  const spec = {
    name: fixture, app, version: '1.2.0', runtime_deps: [], fpm_args: iteration ? ['--iteration', iteration] : [], packager: 'native' as const,
    config_dir: dir, profile: {format}, package_install_root: '/opt', compile_python: false, changelog,
  };
  const meta = packageMetadata(spec, {sourceDateEpoch: 1700000000, readScript: () => '', project});
  const packager = format === 'deb' ? debPackager : rpmPackager;
  const out = join(dir, packager.fileName(meta));
  await writePackage(packager, meta, fixtureSource(root), out);
  return out;
}

const lintianSkip = await unavailable(['lintian', '--version']);
describe.skipIf(lintianSkip)('project docs in a .deb, judged by lintian', () => {
  it('no error, and no finding about copyright, changelog or description, native version or not', async () => {
    // One lintian run over every package: lintian is slow to start.
    const debs: string[] = [];
    for (const [i, [fixture, app, changelog]] of CASES.entries()) debs.push(await build(fixture, app, changelog, 'deb', i % 2 === 0 ? undefined : '1'));
    expect(await lintianErrors(debs)).toEqual([]);
    const all = await execa('lintian', ['--display-info', '--suppress-tags', 'dir-or-file-in-opt', ...debs], {reject: false, all: true});
    expect(all.all.split('\n').filter((l) => DOC_TAGS.test(l.split(' ')[2] ?? '')), all.all).toEqual([]);
  });
});

const rpmlintSkip = await unavailable(['rpmlint', '--version']);
describe.skipIf(rpmlintSkip)('project docs in an .rpm, judged by rpmlint', () => {
  it.each(CASES)('%s: no error, and no warning about the license, changelog or description', async (fixture, app, changelog) => {
    const rpm = await build(fixture, app, changelog, 'rpm');
    expect(await rpmlintErrors(rpm)).toEqual([]);
    const all = await execa('rpmlint', [rpm], {reject: false, all: true});
    expect(all.all.split('\n').filter((l) => /: [EW]: /.test(l) && DOC_TAGS.test(l) && !/invalid-license /.test(l)), all.all).toEqual([]);
  });
});

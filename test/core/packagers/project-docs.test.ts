import {gunzipSync} from 'node:zlib';
import {changelogDate, debChangelog, gzipReproducible, newestChangelogItems, rpmChangelogText} from '../../../src/core/metadata/changelog.js';
import {dep5Copyright, dep5LicenseName, identifyLicense, spdxExpression} from '../../../src/core/metadata/copyright.js';
import {foldDescription} from '../../../src/core/formats/deb/control.js';
import {readmeParagraph, synopsis} from '../../../src/core/metadata/description.js';
import {packageMetadata, type MetadataSource} from '../../../src/core/metadata/metadata.js';
import {mainHeaderTags} from '../../../src/core/formats/rpm/writer.js';
import {FILE_LICENSE, TAG} from '../../../src/core/formats/rpm/tags.js';
import {fixtureProject} from '../project/project-fixtures.js';

const SDE = 1700000000; // Tue, 14 Nov 2023 22:13:20 UTC
const spec = (app: string, format: 'deb' | 'rpm' = 'deb', extra: Partial<MetadataSource> = {}): MetadataSource => ({
  name: app, app, version: '1.2.0', runtime_deps: [], fpm_args: [], packager: 'native', config_dir: '/tmp', profile: {format},
  package_install_root: '/opt', compile_python: false, ...extra,
});
const metaOf = async (fixture: string, s: MetadataSource, changelog?: string) =>
  packageMetadata(s, {sourceDateEpoch: SDE, readScript: () => '', project: await fixtureProject(fixture, changelog)});
const doc = (meta: {doc_files?: {path: string; content: Buffer}[]}, path: string) => {
  const f = meta.doc_files?.find((d) => d.path === path);
  if (!f) throw new Error(`no ${path} in ${meta.doc_files?.map((d) => d.path).join(', ')}`);
  return path.endsWith('.gz') ? gunzipSync(f.content).toString('utf8') : f.content.toString('utf8');
};

describe('copyright (DEP-5) from the project', () => {
  it('pyproject license text + LICENSE: Expat with the whole text, the notice as Copyright', async () => {
    const meta = await metaOf('pyproject-text', spec('demoapp'));
    expect(meta.license).toBe('MIT');
    const text = doc(meta, '/usr/share/doc/demoapp/copyright');
    expect(text).toMatch(/^Format: https:\/\/www\.debian\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\/\nUpstream-Name: demoapp\n/);
    expect(text).toContain('\nFiles: *\nCopyright: 2024 Ada Example\nLicense: Expat\n MIT License\n .\n Copyright (c) 2024 Ada Example\n .\n Permission is hereby granted');
    expect(text.split('\n').every((l) => l === '' || /^[A-Z][A-Za-z-]*: /.test(l) || /^ /.test(l))).toBe(true);
  });

  it('an SPDX expression without texts: Apache-2.0 points to common-licenses, MIT is said to be missing', async () => {
    const meta = await metaOf('spdx', spec('spdxapp'));
    const text = doc(meta, '/usr/share/doc/spdxapp/copyright');
    expect(text).toContain('Copyright: 2023 Bo Example <bo@example.org>\nLicense: Expat or Apache-2.0\n');
    expect(text).toContain('/usr/share/common-licenses/Apache-2.0.');
    expect(text).toContain('The text of MIT is not part of the source of spdxapp.');
  });

  it('license-files and a bare LICENSE are shipped; a GPL text is pointed to, never copied', async () => {
    expect(doc(await metaOf('license-files', spec('filesapp')), '/usr/share/doc/filesapp/copyright')).toContain('License: BSD-3-clause\n Copyright (c) 2023, Cy Example\n');
    const bare = await metaOf('bare-license', spec('bareapp'));
    expect(bare.license).toBe('MIT');
    expect(doc(bare, '/usr/share/doc/bareapp/copyright')).toContain('Comment: Written by vdist from LICENSE.');
    const gpl = doc(await metaOf('setup-cfg', spec('cfgapp')), '/usr/share/doc/cfgapp/copyright');
    expect(gpl).toContain('License: GPL-3+\n On Debian systems, the full text of GPL-3.0-or-later can be found in\n /usr/share/common-licenses/GPL-3.');
    expect(gpl).not.toContain('GNU GENERAL PUBLIC LICENSE');
  });

  it('no license anywhere: no copyright file, no License; the `license` key wins over fpm_args and the project', async () => {
    const none = await metaOf('none', spec('noneapp'));
    expect(none.license).toBeUndefined();
    expect(none.doc_files?.map((d) => d.path)).toEqual(['/usr/share/doc/noneapp/changelog.gz']);
    const keyed = await metaOf('pyproject-text', spec('demoapp', 'deb', {license: 'Apache-2.0', fpm_args: ['--license', 'GPL-2.0-only']}));
    expect(keyed.license).toBe('Apache-2.0');
    expect(doc(keyed, '/usr/share/doc/demoapp/copyright')).toContain('Comment: Written by vdist from vdist.toml.');
    expect((await metaOf('none', spec('noneapp', 'deb', {fpm_args: ['--license', 'MIT']}))).license).toBe('MIT');
  });

  it('an .rpm gets the texts as %license files under /usr/share/licenses and the License tag', async () => {
    const meta = await metaOf('license-files', spec('filesapp', 'rpm'));
    expect(meta.doc_files?.map((d) => [d.path, d.kind])).toEqual([['/usr/share/licenses/filesapp/BSD-3-Clause.txt', 'license']]);
    const entry = {path: '/usr/share/licenses/filesapp/BSD-3-Clause.txt', type: 'file' as const, mode: 0o644, size: 1, mtime: SDE, linkGroup: 0, sha256: '00', ino: 1};
    const tags = mainHeaderTags(meta, [entry], {sha256: '00'});
    expect(tags.get(TAG.LICENSE)?.value).toBe('BSD-3-Clause');
    expect(tags.get(TAG.FILEFLAGS)?.value).toEqual([FILE_LICENSE]);
  });

  it('names: SPDX to DEP-5, declared names to SPDX, texts recognised', () => {
    expect(dep5LicenseName('GPL-2.0-or-later WITH Classpath-exception-2.0')).toBe('GPL-2+ with Classpath exception');
    expect(dep5LicenseName('(MIT OR Apache-2.0) AND BSD-3-Clause')).toBe('(Expat or Apache-2.0) and BSD-3-clause');
    expect(spdxExpression('BSD License')).toBe('BSD-3-Clause');
    expect(spdxExpression('Copyright ACME, all rights reserved')).toBe('LicenseRef-Copyright-ACME-all-rights-reserved');
    expect(identifyLicense('                 Apache License\n           Version 2.0, January 2004')).toBe('Apache-2.0');
    expect(dep5Copyright({app: 'a', license: 'MIT', files: [], holders: [], origin: 'x', year: 2020})).toContain('Copyright: 2020 the a authors\n');
  });
});

describe('changelog under SOURCE_DATE_EPOCH', () => {
  it("converts the changelog key's newest released entry, dated SOURCE_DATE_EPOCH, by the project's author", async () => {
    const meta = await metaOf('pyproject-text', spec('demoapp'), 'CHANGELOG.md');
    expect(doc(meta, '/usr/share/doc/demoapp/changelog.gz')).toBe(
      'demoapp (1.2.0) unstable; urgency=medium\n\n' +
        '  * Added: A --json flag that prints the total as JSON, for scripts.\n' +
        '  * Added: Reads numbers from standard input.\n' +
        '  * Fixed: Empty input no longer crashes.\n\n' +
        ' -- Ada Example <ada@example.com>  Tue, 14 Nov 2023 22:13:20 +0000\n',
    );
    expect(rpmChangelogText(meta.changelog!)).toBe('- Added: A --json flag that prints the total as JSON, for scripts.\n- Added: Reads numbers from standard input.\n- Fixed: Empty input no longer crashes.');
    const rpm = mainHeaderTags(await metaOf('pyproject-text', spec('demoapp', 'rpm'), 'CHANGELOG.md'), [], {sha256: '00'});
    expect(rpm.get(TAG.CHANGELOGTIME)?.value).toEqual([SDE]);
    expect(rpm.get(TAG.CHANGELOGNAME)?.value).toEqual(['Ada Example <ada@example.com> - 1.2.0-1']);
  });

  it('a revision makes it changelog.Debian.gz; the fallback entry; a missing changelog file is a config error', async () => {
    const meta = await metaOf('none', spec('noneapp', 'deb', {fpm_args: ['--iteration', '3', '--maintainer', 'Ops <ops@example.com>']}));
    expect(doc(meta, '/usr/share/doc/noneapp/changelog.Debian.gz')).toBe(
      'noneapp (1.2.0-3) unstable; urgency=medium\n\n  * Version 1.2.0-3 of noneapp, packaged with vdist.\n\n -- Ops <ops@example.com>  Tue, 14 Nov 2023 22:13:20 +0000\n',
    );
    await expect(metaOf('none', spec('noneapp', 'deb', {changelog: 'NEWS'}), 'NEWS')).rejects.toThrow(/changelog.*"NEWS" is not in the source/);
  });

  it('gzip without name or time: the bytes depend on the text alone', () => {
    const a = gzipReproducible('x\n');
    expect(a.readUInt32LE(4)).toBe(0);
    expect(a[3]! & 0x08).toBe(0);
    expect(a[9]).toBe(3);
    expect(gzipReproducible('x\n').equals(a)).toBe(true);
    expect(changelogDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 +0000');
  });

  it('reads reStructuredText and plain changelogs; long items wrap', () => {
    expect(newestChangelogItems('Changes\n=======\n\n2.0 (2024-02-02)\n----------------\n\n* New *thing*.\n* ``fixed`` bug\n\n1.0\n---\n\n* old\n')).toEqual(['New thing.', 'fixed bug']);
    expect(newestChangelogItems('Version 3\n  - one\n  - two\n')).toEqual(['one', 'two']);
    const long = debChangelog('a', '1', {author: 'A <a@example.com>', time: 0, items: ['word '.repeat(30).trim()]});
    expect(long.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(long).toContain('\n    word');
  });
});

describe('description from the project', () => {
  it('summary from the project, extended from the README with markup stripped, wrapped, then what the package holds', async () => {
    const meta = await metaOf('pyproject-text', spec('demoapp'));
    expect(meta.description).toBe(
      'Small tool that sums numbers\n' +
        'demoapp sums the numbers you give it, fast, with a C extension and a\n' +
        'command line interface that reads standard input when no arguments are\n' +
        'given, and it prints the total on one line.\n\n' +
        'demoapp 1.2.0 and its Python dependencies in a virtualenv at\n/opt/demoapp.',
    );
    const control = foldDescription(meta.description);
    expect(control).toContain('\n .\n demoapp 1.2.0');
    expect(control.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('--description wins for the summary; long_description replaces the README, its blank lines kept', async () => {
    const meta = await metaOf('spdx', spec('spdxapp', 'deb', {fpm_args: ['--description', 'spdxapp: converts files.'], long_description: 'First.\n\nSecond ' + 'long '.repeat(20)}));
    const lines = meta.description.split('\n');
    expect(lines[0]).toBe('Converts files');
    expect(lines.slice(1, 3)).toEqual(['First.', '']);
    expect(lines.every((l) => l.length <= 72)).toBe(true);
    expect(meta.description).not.toContain('virtualenv');
  });

  it('never empty, never starting with the package name', async () => {
    const meta = await metaOf('none', spec('noneapp'));
    expect(meta.description.split('\n')[0]).toBe('Python application packaged with vdist');
    expect(meta.description.split('\n').length).toBeGreaterThan(1);
    expect(synopsis('myapp is a tool for X.', 'myapp')).toBe('Tool for X');
    expect(synopsis('MyApp - does X', 'myapp')).toBe('Does X');
    expect(synopsis('myappish things', 'myapp')).toBe('myappish things');
  });

  it('README paragraphs: headings, badges, HTML, directives, code and lists are passed over', () => {
    const md = '# app\n\n[![b](x)](y)\n\n<div>\n<img src=x>\n</div>\n\n```\ncode\n```\n\n- item\n\nThe **first** real\nparagraph, with `code` and a [link](http://x).\n\nSecond.';
    expect(readmeParagraph(md, 'app')).toBe('The first real paragraph, with code and a link.');
    const rst = 'App\n===\n\n.. image:: x\n   :target: y\n\nIt does `things <http://x>`_ well::\n\n    code\n';
    expect(readmeParagraph(rst, 'app')).toBe('It does things well:');
    expect(readmeParagraph('# app\n', 'app')).toBeUndefined();
  });
});

import {fixtureProject} from './project-fixtures.js';
import {setupCfgMetadata} from '../../../src/core/project/read-project.js';

describe('readProject: the license, people, summary and README of each kind of project', () => {
  it('pyproject license = {text}: the name, the LICENSE file found beside it, authors and readme', async () => {
    const {info, changelog} = await fixtureProject('pyproject-text', 'CHANGELOG.md');
    expect(info.license).toBe('MIT');
    expect(info.licenseFiles.map((f) => f.path)).toEqual(['LICENSE']);
    expect(info.people).toEqual([{name: 'Ada Example', email: 'ada@example.com'}]);
    expect(info.summary).toBe('demoapp - a small tool that sums numbers.');
    expect(info.readme?.path).toBe('README.md');
    expect(changelog?.text).toContain('## [1.2.0]');
  });

  it('an SPDX expression and maintainers, no license file; README.rst found by name', async () => {
    const {info} = await fixtureProject('spdx');
    expect(info.license).toBe('MIT OR Apache-2.0');
    expect(info.licenseFiles).toEqual([]);
    expect(info.people[0]).toEqual({name: 'Bo Example', email: 'bo@example.org'});
    expect(info.readme?.path).toBe('README.rst');
  });

  it('license-files globs expand against the directory; other files there are left out', async () => {
    const {info} = await fixtureProject('license-files');
    expect(info.licenseFiles.map((f) => f.path)).toEqual(['LICENSES/BSD-3-Clause.txt']);
    expect(info.people).toEqual([{name: 'Cy Example', email: undefined}]);
  });

  it('a bare LICENSE file with no declaration at all', async () => {
    const {info} = await fixtureProject('bare-license');
    expect(info.license).toBeUndefined();
    expect(info.licenseFiles.map((f) => f.path)).toEqual(['LICENSE']);
    expect(info.readme?.path).toBe('README.txt');
  });

  it("setup.cfg: license, license_files (multi-line), author, long_description = file:", async () => {
    const {info} = await fixtureProject('setup-cfg');
    expect(info.license).toBe('GPL-3.0-or-later');
    expect(info.licenseFiles.map((f) => f.path)).toEqual(['COPYING']);
    expect(info.people).toEqual([{name: 'Di Example', email: 'di@example.net'}]);
    expect(info.summary).toBe('Configures things');
    expect(info.readme?.path).toBe('README.md');
  });

  it('none: nothing found, and a changelog key naming a missing file reads as undefined', async () => {
    const {info, changelog} = await fixtureProject('none', 'NEWS');
    expect([info.license, info.licenseText, info.licenseFiles, info.people]).toEqual([undefined, undefined, [], []]);
    expect(changelog).toEqual({path: 'NEWS', text: undefined});
  });

  it('setup.cfg sections other than [metadata] and comments are ignored', () => {
    expect(setupCfgMetadata('[options]\nlicense = no\n[metadata]\n# c\nlicense = MIT\nlicense-files =\n  A\n  B\n')).toEqual({license: 'MIT', license_files: 'A\nB'});
  });
});

import {debControl, debVersion, foldDescription} from '../../../../src/core/formats/deb/control.js';
import {controlMembers} from '../../../../src/core/formats/deb/writer.js';
import {debMaintainerScripts, rpmScriptlets} from '../../../../src/core/metadata/scripts.js';
import {expectGolden} from '../../packagers/golden.js';
import {sampleMeta} from '../../packagers/meta-fixture.js';

describe('deb control', () => {
  it('matches the golden control file', () => {
    expectGolden('control.golden', debControl(sampleMeta({epoch: 2}), 1234));
  });

  it('spells versions as dpkg does', () => {
    expect(debVersion(sampleMeta())).toBe('1.2.3-4');
    expect(debVersion(sampleMeta({epoch: 1, iteration: undefined}))).toBe('1:1.2.3');
  });

  it('folds descriptions: blank lines become " .", trailing space goes', () => {
    expect(foldDescription('Short\n\nLong text  \n\n\nmore')).toBe('Short\n Long text\n .\n .\n more');
    expect(foldDescription('')).toBe('no description given');
  });

  it('lists conffiles only for files in the tree, and scripts executable', () => {
    const entry = {path: '/etc/oddapp/oddapp.conf', type: 'file' as const, mode: 0o644, size: 3, mtime: 0, linkGroup: 0, offset: 0, md5: 'abc'};
    const dir = {path: '/etc/oddapp', type: 'directory' as const, mode: 0o755, size: 0, mtime: 0, linkGroup: 0};
    const members = controlMembers(sampleMeta({config_files: ['/etc/oddapp/oddapp.conf', '/etc/missing']}), [dir, entry]);
    expect(members.map((m) => [m.name, m.mode.toString(8)])).toEqual([
      ['conffiles', '644'], ['control', '644'], ['md5sums', '644'], ['postinst', '755'], ['preinst', '755'], ['prerm', '755'],
    ]);
    // /etc is shared: the package does not list it, so its preinst makes it.
    expect(members.find((m) => m.name === 'preinst')!.text).toContain("(umask 022 && mkdir -p '/etc')\n");
    expect(members.find((m) => m.name === 'conffiles')!.text).toBe('/etc/oddapp/oddapp.conf\n');
    expect(members.find((m) => m.name === 'md5sums')!.text).toBe('abc  etc/oddapp/oddapp.conf\n');
  });
});

describe('maintainer scripts', () => {
  const hooks = {
    before_install: 'echo before-install',
    after_install: '#!/bin/sh\necho after-install\n',
    before_upgrade: 'echo before-upgrade',
    after_upgrade: 'echo after-upgrade',
    before_remove: 'echo before-remove',
    after_remove: 'echo after-remove\nexit 0',
  };
  it('renders deb scripts as the golden files say', () => {
    for (const [name, text] of Object.entries(debMaintainerScripts(hooks, [], ['/opt', '/usr/share/doc']))) expectGolden(`deb-${name}.golden`, text);
  });
  it('renders rpm scriptlets as the golden files say', () => {
    for (const [name, text] of Object.entries(rpmScriptlets(hooks))) expectGolden(`rpm-${name}.golden`, text);
  });
  it('leaves out scripts with no hooks', () => {
    expect(Object.keys(debMaintainerScripts({after_remove: 'x'}))).toEqual(['postrm']);
    expect(Object.keys(debMaintainerScripts({}, [], ['/opt']))).toEqual(['preinst']);
    expect(Object.keys(rpmScriptlets({}))).toEqual([]);
  });
});

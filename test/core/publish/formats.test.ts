import {packagesStanza, poolPath, releaseFile, sourcesSnippet} from '../../../src/core/publish/apt.js';
import {parseControl} from '../../../src/core/formats/deb/reader.js';
import type {RpmInfo} from '../../../src/core/formats/rpm/reader.js';
import {primaryXml, relationEntry, repomdXml, repoSnippet, xml, type RepoRpm} from '../../../src/core/publish/yum.js';

const control = parseControl('Package: hello\nVersion: 1.0\nArchitecture: amd64\nDescription: greets\n a longer text\n .\n more\n');
const deb = {control, filename: 'pool/main/h/hello/hello_1.0_amd64.deb', size: 10, md5: 'm', sha1: 's1', sha256: 's256'};

describe('apt metadata', () => {
  it('lays out the pool as Debian does', () => {
    expect(poolPath('main', 'hello', 'hello_1.0_amd64.deb')).toBe('pool/main/h/hello/hello_1.0_amd64.deb');
    expect(poolPath('main', 'libfoo', 'x.deb')).toBe('pool/main/libf/libfoo/x.deb');
  });

  it('keeps the control fields, continuation lines included, and adds the file fields', () => {
    expect(packagesStanza(deb)).toBe(
      'Package: hello\nVersion: 1.0\nArchitecture: amd64\nDescription: greets\n a longer text\n .\n more\n' +
        'Filename: pool/main/h/hello/hello_1.0_amd64.deb\nSize: 10\nMD5sum: m\nSHA1: s1\nSHA256: s256\n',
    );
  });

  it('writes a Release with the hashes and sizes apt checks', () => {
    const text = releaseFile(
      {origin: 'o', label: 'l', suite: 'stable', codename: 'stable', architectures: ['amd64'], components: ['main'], description: 'd', date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5))},
      [{path: 'main/binary-amd64/Packages', data: Buffer.from('abc')}],
    );
    expect(text).toContain('Date: Tue, 02 Jan 2024 03:04:05 UTC\n');
    expect(text).toContain('MD5Sum:\n 900150983cd24fb0d6963f7d28e17f72 3 main/binary-amd64/Packages\n');
    expect(text).toContain('SHA256:\n ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3 main/binary-amd64/Packages\n');
  });

  it('writes a deb822 .sources entry with signed-by', () => {
    expect(sourcesSnippet('http://h/apt', 'stable', 'main', '/k.gpg')).toBe('Types: deb\nURIs: http://h/apt\nSuites: stable\nComponents: main\nSigned-By: /k.gpg\n');
  });
});

describe('yum metadata', () => {
  const info: RpmInfo = {
    name: 'hello', epoch: 0, version: '1.0', release: '1', arch: 'x86_64', summary: 'greets <you>', description: 'd & e', packager: 'p', url: '',
    license: 'MIT', vendor: '', group: 'default', buildhost: 'vdist', sourcerpm: 'hello-1.0-1.src.rpm', buildtime: 1700000000, installedSize: 5,
    archiveSize: 7, headerStart: 1000, headerEnd: 3000, provides: [{name: 'hello', flags: 8, version: '1.0-1'}],
    requires: [{name: 'python3', flags: 12, version: '3.11'}, {name: '/bin/sh', flags: 1 << 9, version: ''}, {name: 'rpmlib(PayloadIsXz)', flags: 16777226, version: '5.2-1'}],
    conflicts: [], obsoletes: [], files: [{path: '/opt/hello', dir: true}, {path: '/usr/bin/hello', dir: false}], changelog: [], signed: true,
  };
  const rpm: RepoRpm = {info, href: 'packages/hello-1.0-1.x86_64.rpm', size: 4000, mtime: 1, sha256: 'abc'};

  it('escapes XML', () => {
    expect(xml('a<b>&"\u0001')).toBe('a&lt;b&gt;&amp;&quot;');
  });

  it('writes relations as createrepo does: flags, E:V-R, pre for scriptlet requirements, no rpmlib()', () => {
    expect(relationEntry({name: 'hello', flags: 8, version: '2:1.0-1'})).toBe('<rpm:entry name="hello" flags="EQ" epoch="2" ver="1.0" rel="1"/>');
    expect(relationEntry({name: 'python3', flags: 12, version: '3.11'})).toBe('<rpm:entry name="python3" flags="GE" epoch="0" ver="3.11"/>');
    expect(relationEntry({name: '/bin/sh', flags: 1 << 9, version: ''}, true)).toBe('<rpm:entry name="/bin/sh" pre="1"/>');
    expect(primaryXml([rpm])).not.toContain('rpmlib(');
  });

  it('lists the package in primary.xml with its checksum, location, header range and the files dependency solving needs', () => {
    const text = primaryXml([rpm]);
    expect(text).toContain('<checksum type="sha256" pkgid="YES">abc</checksum>');
    expect(text).toContain('<location href="packages/hello-1.0-1.x86_64.rpm"/>');
    expect(text).toContain('<rpm:header-range start="1000" end="3000"/>');
    expect(text).toContain('<summary>greets &lt;you&gt;</summary>');
    expect(text).toContain('<file>/usr/bin/hello</file>');
    expect(text).not.toContain('/opt/hello');
  });

  it('writes repomd.xml with both checksums and the snippet with gpgcheck and repo_gpgcheck', () => {
    const text = repomdXml([{type: 'primary', href: 'repodata/x-primary.xml.gz', sha256: 'c', size: 1, openSha256: 'o', openSize: 2}], 5);
    expect(text).toContain('<data type="primary">\n    <checksum type="sha256">c</checksum>\n    <open-checksum type="sha256">o</open-checksum>');
    expect(repoSnippet('r', 'http://h/yum', 'http://h/k.asc')).toContain('gpgcheck=1\nrepo_gpgcheck=1\ngpgkey=http://h/k.asc\n');
  });
});

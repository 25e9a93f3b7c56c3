import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hostAptSources, hostDistribution, hostMirrorFor, parseDeb822, parseSourcesList} from '../../../src/core/image/host-mirror.js';

// Placeholder hosts (RFC 2606): the project never names a real mirror.
const DEB822 = `Types: deb
# a comment
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://src.example/debian
Suites: bookworm
`;

describe('host mirror', () => {
  it('parses deb822 .sources, deb stanzas only', () => {
    expect(parseDeb822(DEB822)).toEqual([
      {uri: 'http://mirror.example/debian', suites: ['bookworm', 'bookworm-updates'], components: ['main']},
      {uri: 'http://mirror.example/debian-security', suites: ['bookworm-security'], components: ['main']},
    ]);
  });

  it('parses one-line sources.list with options and comments', () => {
    expect(parseSourcesList('# x\ndeb [arch=amd64] http://m.example/ubuntu noble main universe\ndeb-src http://m.example/ubuntu noble main\n')).toEqual([
      {uri: 'http://m.example/ubuntu', suites: ['noble'], components: ['main', 'universe']},
    ]);
  });

  it('uses the host main archive for the same distribution, and nothing for another', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-apt-'));
    try {
      await mkdir(join(dir, 'sources.list.d'));
      await writeFile(join(dir, 'sources.list.d', 'debian.sources'), DEB822.split('\n\n').reverse().join('\n\n'));
      await writeFile(join(dir, 'os-release'), 'PRETTY_NAME="Debian"\nID=debian\n');
      const sources = hostAptSources(dir);
      expect(hostDistribution(join(dir, 'os-release'))).toBe('debian');
      expect(hostMirrorFor('debian', sources, 'debian')).toBe('http://mirror.example/debian');
      expect(hostMirrorFor('ubuntu', sources, 'debian')).toBeUndefined();
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});

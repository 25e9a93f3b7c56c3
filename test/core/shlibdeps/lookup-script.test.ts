import {chmod, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {LOOKUP_SCRIPT} from '../../../src/core/shlibdeps/lookup-script.js';

// The lookup script runs on the host here, with the package tools faked at the
// edge (ldconfig's cache, dpkg's and rpm's database); the e2e builds run it
// against real ones in the build container.
const LDCONFIG = `#!/bin/sh
cat <<'L'
33 libs found in cache \`/etc/ld.so.cache'
	libz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1
	libssl.so.3 (libc6,x86-64) => /usr/local/lib/libssl.so.3
	libssl.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/libssl.so.3
	libc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6
L
`;
// dpkg knows merged-/usr paths only, as on a real bookworm; one file has a foreign-architecture co-owner.
const DPKG = `#!/bin/sh
echo "$*" >> "$CALLS"
[ "$1" = --print-architecture ] && { echo amd64; exit 0; }
shift
for p in "$@"; do case $p in
  /usr/lib/x86_64-linux-gnu/libz.so.1) echo "zlib1g:amd64: $p" ;;
  /usr/lib/x86_64-linux-gnu/libssl.so.3) echo "libssl3:i386, libssl3:amd64: $p" ;;
  /usr/lib/x86_64-linux-gnu/libc.so.6) echo "libc6:amd64: $p" ;;
  *) echo "dpkg-query: no path found matching pattern $p" >&2 ;;
esac; done
`;
const RPM = `#!/bin/sh
for p; do :; done
echo "$p" >> "$CALLS"
case $p in
  /lib/x86_64-linux-gnu/libz.so.1) echo "zlib x86_64" ;;
  /lib/x86_64-linux-gnu/libssl.so.3) echo "openssl-libs i686"; echo "openssl-libs x86_64" ;;
  /lib/x86_64-linux-gnu/libc.so.6) echo "glibc x86_64" ;;
  *) echo "file $p is not owned by any package" ;;
esac
`;

describe('the shared-library lookup script', () => {
  let dir: string;
  // Only the fakes and the plain tools the script uses: no host dpkg or rpm.
  const env = () => ({PATH: dir, CALLS: join(dir, 'calls')});
  const tool = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    await chmod(join(dir, name), 0o755);
  };
  const lookup = (...sonames: string[]) => execa('/bin/bash', ['-c', LOOKUP_SCRIPT, 'vdist-shlibdeps', ...sonames], {env: env(), extendEnv: false});
  const calls = async () => (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-lookup-'));
    await tool('ldconfig', LDCONFIG);
    await tool('readlink', '#!/bin/sh\nshift; echo "$1"\n');
    for (const name of ['sh', 'awk', 'sed', 'sort', 'xargs', 'grep', 'cat']) {
      await symlink((await execa('sh', ['-c', `command -v ${name}`])).stdout, join(dir, name));
    }
  });
  afterEach(() => rm(dir, {recursive: true, force: true}));

  it('asks dpkg once for every path, and gives each soname the native owner of its first owned path', async () => {
    await tool('dpkg-query', '#!/bin/sh\nexit 0\n');
    await tool('dpkg', DPKG);
    const r = await lookup('libz.so.1', 'libnothere.so.2', 'libssl.so.3', 'libc.so.6');
    expect(r.stdout.split('\n')).toEqual(['libz.so.1\tzlib1g', 'libnothere.so.2\t', 'libssl.so.3\tlibssl3', 'libc.so.6\tlibc6']);
    expect((await calls()).filter((c) => c.startsWith('-S'))).toHaveLength(1);
  });

  it('asks rpm path by path and stops at the first owned one', async () => {
    await tool('rpm', RPM);
    await tool('uname', '#!/bin/sh\necho x86_64\n');
    const r = await lookup('libssl.so.3', 'libnothere.so.2', 'libz.so.1');
    expect(r.stdout.split('\n')).toEqual(['libssl.so.3\topenssl-libs', 'libnothere.so.2\t', 'libz.so.1\tzlib']);
    // libssl: /usr/local/lib's 4 candidates are unowned, then the first system path answers.
    expect(await calls()).toEqual([
      '/usr/local/lib/libssl.so.3', '/usr/local/lib/libssl.so.3', '/usr/usr/local/lib/libssl.so.3', '/local/lib/libssl.so.3',
      '/lib/x86_64-linux-gnu/libssl.so.3', '/lib/x86_64-linux-gnu/libz.so.1',
    ]);
  });

  it('passes shellcheck', async () => {
    const r = await execa('shellcheck', ['-s', 'bash', '-'], {input: LOOKUP_SCRIPT, reject: false});
    expect(r.stdout).toBe('');
  });
});

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
	libnothere.so.2 (libc6,x86-64) => /opt/other/libnothere.so.2
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
// rpm answers with each owner's whole file list, as --qf '[%{FILENAMES}...]' does; an unowned path gets its notice.
const RPM = `#!/bin/sh
printf '%s\\n' "$*" >> "$CALLS"
shift 3
for p; do case $p in
  /lib/x86_64-linux-gnu/libz.so.1) printf '/lib/x86_64-linux-gnu/libz.so.1\tzlib\tx86_64\n/usr/share/doc/zlib\tzlib\tx86_64\n' ;;
  /lib/x86_64-linux-gnu/libssl.so.3) printf '/lib/x86_64-linux-gnu/libssl.so.3\topenssl-libs\ti686\n/lib/x86_64-linux-gnu/libssl.so.3\topenssl-libs\tx86_64\n' ;;
  /lib/x86_64-linux-gnu/libc.so.6) printf '/lib/x86_64-linux-gnu/libc.so.6\tglibc\tx86_64\n' ;;
  *) echo "file $p is not owned by any package" ;;
esac; done
`;

describe('the shared-library lookup script', () => {
  let dir: string;
  // Only the fakes and the plain tools the script uses: no host dpkg or rpm.
  const env = () => ({PATH: dir, CALLS: join(dir, 'calls')});
  const tool = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    await chmod(join(dir, name), 0o755);
  };
  const lookup = () => execa('/bin/bash', ['-c', LOOKUP_SCRIPT, 'vdist-shlibdeps'], {env: env(), extendEnv: false});
  const calls = async () => (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdist-lookup-'));
    await tool('ldconfig', LDCONFIG);
    // Canonical paths as given: the fake cache's paths are not on this host.
    await tool('realpath', '#!/bin/sh\nshift 2; printf "%s\\n" "$@"\n');
    for (const name of ['sh', 'awk', 'cut', 'paste', 'sort', 'xargs', 'cat']) {
      await symlink((await execa('sh', ['-c', `command -v ${name}`])).stdout, join(dir, name));
    }
  });
  afterEach(() => rm(dir, {recursive: true, force: true}));

  it('asks dpkg once for every path, and gives each soname in the cache the native owner of its first owned path', async () => {
    await tool('dpkg-query', '#!/bin/sh\nexit 0\n');
    await tool('dpkg', DPKG);
    const r = await lookup();
    // libssl: /usr/local/lib's copy is unowned, so the system path's owner answers.
    expect(r.stdout.split('\n')).toEqual(['libz.so.1\tzlib1g', 'libssl.so.3\tlibssl3', 'libc.so.6\tlibc6', 'libnothere.so.2\t']);
    expect((await calls()).filter((c) => c.startsWith('-S'))).toHaveLength(1);
  });

  it('asks rpm once for every path, reading each owner from its file list', async () => {
    await tool('rpm', RPM);
    await tool('uname', '#!/bin/sh\necho x86_64\n');
    const r = await lookup();
    expect(r.stdout.split('\n')).toEqual(['libz.so.1\tzlib', 'libssl.so.3\topenssl-libs', 'libc.so.6\tglibc', 'libnothere.so.2\t']);
    const [call, ...more] = await calls();
    expect(more).toEqual([]);
    expect(call).toMatch(/^-qf --qf \[%\{FILENAMES\}\\t%\{NAME\}\\t%\{ARCH\}\\n\] -- /);
    // Each cache path with its three other spellings, once each.
    expect(call!.split(' ')).toContain('/usr/usr/local/lib/libssl.so.3');
    expect(call!.split(' ')).toContain('/local/lib/libssl.so.3');
  });

  it('passes shellcheck', async () => {
    const r = await execa('shellcheck', ['-s', 'bash', '-'], {input: LOOKUP_SCRIPT, reject: false});
    expect(r.stdout).toBe('');
  });
});

import {existsSync} from 'node:fs';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {LIBRARY_INFO_SCRIPT, LOOKUP_SCRIPT} from '../../../src/core/shlibdeps/lookup-script.js';
import {parseLibraryInfo, parseLookupOutput, sharedLibraryDeps} from '../../../src/core/shlibdeps/resolve.js';
import {versionedDepends} from '../../../src/core/shlibdeps/symbols.js';
import {engineSkipReason} from '../../helpers/engines.js';
import {elfFactsOf, hostShlibdeps} from '../../helpers/shlibdeps.js';

// The scripts and the computation against this machine's dpkg database and dpkg-shlibdeps itself.
const hostFiles = [
  '/usr/bin/ls',
  '/usr/bin/dpkg',
  '/usr/bin/python3.11',
  '/usr/bin/apt-get',
  '/usr/lib/x86_64-linux-gnu/libssl.so.3',
  '/usr/lib/python3/dist-packages/_cffi_backend.cpython-311-x86_64-linux-gnu.so',
].filter((f) => existsSync(f));
const noShlibdeps = await engineSkipReason('dpkg-shlibdeps (dpkg-dev)', ['dpkg-shlibdeps', '--version']);

describe.skipIf(noShlibdeps)('versionedDepends against dpkg-shlibdeps on this machine', () => {
  it.each([['/usr/bin/ls'], [hostFiles.join(' ')]])('%s', async (files) => {
    const paths = files.split(' ');
    const facts = elfFactsOf(paths);
    const owners = parseLookupOutput((await execa('bash', ['-c', LOOKUP_SCRIPT, 'lookup'])).stdout);
    const found = sharedLibraryDeps(owners, facts);
    const data = parseLibraryInfo((await execa('bash', ['-c', LIBRARY_INFO_SCRIPT, 'info', ...found.packages])).stdout);
    const ours = versionedDepends(new Map(Object.entries(found.bySoname)), facts.symbols!, data).depends;
    expect(ours.length).toBeGreaterThan(0);
    expect([...ours].sort()).toEqual(await hostShlibdeps(paths));
  });
});

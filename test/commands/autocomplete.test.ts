import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {fixtureProject, REPO_ROOT, runCli, tempDir} from '../helpers/run-cli.js';

// `vdist autocomplete bash` (@oclif/plugin-autocomplete) writes the scripts
// under the cache dir; vdist's hook adds build and profile names. A real bash
// sources the script and completes the way the shell would (COMP_WORDS).
describe('vdist autocomplete', () => {
  const cache = tempDir('vdist-completion-');
  const project = fixtureProject('golden');
  const env = {XDG_CACHE_HOME: cache};
  const script = join(cache, 'vdist/autocomplete/functions/bash/vdist.bash');

  /** COMPREPLY for the words typed (the last one is being completed), one a line. */
  async function complete(...words: string[]): Promise<string[]> {
    const bash = `source '${script}'
vdist() { '${process.execPath}' '${join(REPO_ROOT, 'bin/run.js')}' "$@"; }
COMP_WORDS=(vdist ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_vdist_values
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa('bash', ['--norc', '-c', bash], {cwd: project, env: {...env, NO_COLOR: '1'}});
    return r.stdout.split('\n').filter(Boolean);
  }

  beforeAll(async () => {
    for (const shell of ['bash', 'zsh']) {
      const r = await runCli(['autocomplete', shell], project, env);
      expect(r.exitCode, r.stderr).toBe(0);
    }
  }, 60_000);

  it('completes build names from vdist.toml after --only', async () => {
    expect((await complete('build', '--only', '')).sort()).toEqual(['debian', 'debian-fpm', 'rocky-system-python']);
    expect(await complete('build', '--only', 'rocky')).toEqual(['rocky-system-python']);
  });

  it('reads the vdist.toml that -c names', async () => {
    const seed = join(REPO_ROOT, 'test/fixtures/config/seed/vdist.toml');
    expect(await complete('build', '-c', seed, '--only', '')).toEqual(['myapp-1.0-centos6', 'myapp-1.0-debian']);
  });

  it('completes profile names, commands and flags', async () => {
    expect(await complete('profiles', 'show', 'rocky')).toContain('rockylinux-9');
    expect(await complete('bu')).toEqual(['build']);
    expect(await complete('build', '--pro')).toEqual(['--progress']);
  });

  it('adds the names to the zsh function too', async () => {
    const zsh = await readFile(join(cache, 'vdist/autocomplete/functions/zsh/_vdist'), 'utf8');
    expect(zsh).toMatch(/compdef _vdist_values vdist/);
  });
});

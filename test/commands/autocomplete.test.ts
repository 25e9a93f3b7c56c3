import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {fixtureProject, REPO_ROOT, runCli, tempDir} from '../helpers/run-cli.js';

// `vdist autocomplete bash` (@oclif/plugin-autocomplete) writes the scripts
// under the cache dir; vdist's hook adds build and profile names. A real bash
// sources the script and completes the way the shell would (COMP_WORDS).
// fish (which the plugin does not cover) has vdist's own `autocomplete fish`.
const hasFish = (await execa('fish', ['--version'], {reject: false}).catch(() => ({exitCode: 1}))).exitCode === 0;
if (!hasFish) console.warn('SKIP the fish completion test: fish is not installed (scripts/setup-host.sh installs it)');

describe('vdist autocomplete', {timeout: 90_000}, () => {
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

  it.skipIf(!hasFish)('fish: `vdist autocomplete fish` completes commands, flag options and build names (complete -C)', async () => {
    const r = await runCli(['autocomplete', 'fish'], project, env);
    expect(r.exitCode, r.stderr).toBe(0);
    const fish = `function vdist; '${process.execPath}' '${join(REPO_ROOT, 'bin/run.js')}' $argv; end
source (printf '%s\\n' $argv[1] | psub)
complete -C 'vdist build --only '; echo ---; complete -C 'vdist build --backend '; echo ---; complete -C 'vdist profiles '`;
    const out = await execa('fish', ['--no-config', '-c', fish, r.stdout], {cwd: project, env: {...env, NO_COLOR: '1'}});
    const [only, backend, profiles] = out.stdout.split('---\n').map((part) => part.split('\n').filter(Boolean).map((l) => l.split('\t')[0]));
    expect(only!.sort()).toEqual(['debian', 'debian-fpm', 'rocky-system-python']);
    expect(backend!.sort()).toEqual(['buildah', 'docker', 'podman']);
    expect(profiles!.sort()).toEqual(['list', 'show', 'validate']);
  });

  it('adds the names to the zsh function too', async () => {
    const zsh = await readFile(join(cache, 'vdist/autocomplete/functions/zsh/_vdist'), 'utf8');
    expect(zsh).toMatch(/compdef _vdist_values vdist/);
  });
});

import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, tempDir} from '../helpers/run-cli.js';

// GitHub Actions turns `::error file=…,line=…::` lines into annotations on the diff.
describe('config errors in GitHub Actions', () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'vdist.toml'),
    '[defaults]\napp = "myapp"\nversion = "1.0"\nsource = { directory = "." }\n\n[[build]]\nprofile = "debian-bookworm"\ncompile_pyhton = false\n',
  );

  it('prints each problem as an error annotation on its file and line, besides the usual message', async () => {
    const r = await runCli(['build', '--dry-run'], dir, {GITHUB_ACTIONS: 'true'});
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^::error file=vdist.toml,line=8,title=vdist%3A invalid configuration::build\[0\]\.compile_pyhton: unknown key; did you mean "compile_python"\?$/m);
    expect(r.stderr).toMatch(/Invalid configuration/);
  });

  it('prints no annotation elsewhere', async () => {
    const r = await runCli(['build', '--dry-run'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toMatch(/::error/);
  });
});

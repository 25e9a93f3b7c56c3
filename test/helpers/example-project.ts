import {cp, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {EXAMPLE_APP} from './pyindex.js';

// No side effects on import: a vitest globalSetup uses these in the main process.

/**
 * A vdist.toml with one build of the example app for debian-bookworm (source
 * in `app/`, output in `dist/`, host network to reach the loopback index),
 * plus `extra` TOML lines for that build; `settings` adds lines to [vdist],
 * `profile` names another profile.
 */
export function exampleToml(name: string, extra: string, options: {settings?: string; profile?: string} = {}): string {
  return `[vdist]
output_dir = "dist"
network = "host"
${options.settings ? `${options.settings.trim()}\n` : ''}
[[build]]
name = "${name}"
app = "vdist-example"
version = "0.1.0"
source = { directory = "app" }
profile = "${options.profile ?? 'debian-bookworm'}"
${extra.trim()}
`;
}

/** A temp project: the example app copied to `app/`, and `vdist.toml` next to it. */
export async function exampleProject(toml: string, extraAppFiles: Record<string, string> = {}): Promise<{dir: string; dispose: () => Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'vdist-e2e-'));
  await cp(EXAMPLE_APP, join(dir, 'app'), {recursive: true, filter: (src) => !/\/(dist|build|[^/]*\.egg-info)$/.test(src) && basename(src) !== 'vdist.toml'});
  for (const [name, text] of Object.entries(extraAppFiles)) {
    await mkdir(dirname(join(dir, 'app', name)), {recursive: true});
    await writeFile(join(dir, 'app', name), text);
  }
  await writeFile(join(dir, 'vdist.toml'), toml);
  return {dir, dispose: () => rm(dir, {recursive: true, force: true})};
}

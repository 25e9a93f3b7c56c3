import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../../src/core/config/load.js';
import {buildTemplateContext} from '../../../src/core/template/build-context.js';
import {renderTemplateFile} from '../../../src/core/template/render.js';

// The built-in scripts rendered from test/fixtures/config/golden/vdist.toml,
// compared with test/fixtures/golden/<build>.sh. After changing a template:
//   UPDATE_GOLDEN=1 npx vitest run --project unit test/core/template/golden
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const goldenDir = join(repo, 'test/fixtures/golden');
const update = process.env.UPDATE_GOLDEN === '1';
const config = loadConfig(join(repo, 'test/fixtures/config/golden/vdist.toml'), {});

// What the fpm packager runs; fixed here so the golden file does not depend on it.
const FPM_COMMAND = ['fpm', '-s', 'dir', '-t', 'deb', '-n', 'myapp', '-v', '1.2.3', '-p', '/vdist/out', '/opt/company/python', '/srv/myapp'];

const rendered = config.builds.map((build) => ({
  build,
  script: renderTemplateFile(build.profile.script_path, buildTemplateContext(build, build.packager === 'fpm' ? {fpm_command: FPM_COMMAND} : {})),
}));

describe('built-in build scripts', () => {
  it('has a golden build for every template in templates/', () => {
    const templates = readdirSync(join(repo, 'templates')).filter((f) => f.endsWith('.sh'));
    const covered = new Set(config.builds.map((b) => basename(b.profile.script_path)));
    expect(templates.filter((t) => !covered.has(t))).toEqual([]);
  });

  describe.each(rendered)('$build.name ($build.profile.script)', ({build, script}) => {
    const golden = join(goldenDir, `${build.name}.sh`);

    it('renders as the golden file', () => {
      if (update || !existsSync(golden)) {
        if (!update) throw new Error(`${golden} is missing: run with UPDATE_GOLDEN=1 to write it`);
        mkdirSync(goldenDir, {recursive: true});
        writeFileSync(golden, script);
      }
      expect(script).toBe(readFileSync(golden, 'utf8'));
    });

    it('passes shellcheck', () => {
      try {
        execFileSync('shellcheck', ['--shell=bash', '--severity=style', '-'], {input: script, encoding: 'utf8'});
      } catch (error) {
        const e = error as {stdout?: string; message: string};
        throw new Error(`shellcheck found problems in ${build.profile.script} rendered for ${build.name}:\n${e.stdout || e.message}`);
      }
    });
  });
});

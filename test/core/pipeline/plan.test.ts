import {describe, expect, it} from 'vitest';
import {UsageError} from '../../../src/core/errors.js';
import {join} from 'node:path';
import {buildRunOptions, planBuilds, previewLocks, renderPlan, selectBuilds} from '../../../src/core/pipeline/plan.js';
import {LOCK_FIXTURES} from '../lock/fixtures.js';
import {BASE, load} from '../config/load-helpers.js';

const TWO = `${BASE}\n[[build]]\nname = "deb"\nprofile = "debian-bookworm"\n[[build]]\nname = "rpm"\nprofile = "rockylinux-9"\n`;

describe('plan', () => {
  it('selects the builds --only names, and all without it', () => {
    const {builds} = load(TWO);
    expect(selectBuilds(builds, []).map((b) => b.name)).toEqual(['deb', 'rpm']);
    expect(selectBuilds(builds, ['rpm']).map((b) => b.name)).toEqual(['rpm']);
    expect(() => selectBuilds(builds, ['rmp'])).toThrow(UsageError);
  });

  it('renders each script with secrets from the environment and in URLs masked', () => {
    const toml = `${BASE}pip_args = "--index-url https://user:hunter22@pypi.example/simple/ --extra-index-url https://\${PIP_TOKEN}@pypi2.example/"\n[[build]]\nprofile = "debian-bookworm"\n`;
    const [plan] = planBuilds(load(toml, {PIP_TOKEN: 's3cr3t-t0ken'}).builds);
    expect(plan!.script).toContain('pip_args=(--index-url https://user:***@pypi.example/simple/');
    expect(plan!.script).not.toContain('hunter22');
    expect(plan!.script).not.toContain('s3cr3t-t0ken');
    expect(renderPlan([plan!])).toMatch(/^BUILD\s+PROFILE\s+IMAGE\s+FORMAT\s+PACKAGER\s+CACHE\n/);
  });

  it('reads each build\'s lock from its source (dry run): the plan names it and the script installs from it', async () => {
    const [deb] = load(TWO).builds;
    const locked = {...deb!, source: {kind: 'directory' as const, path: join(LOCK_FIXTURES, 'poetry2')}};
    const [plan] = planBuilds([locked], undefined, await previewLocks([locked]));
    expect(plan!.lock).toEqual({file: 'poetry.lock', tool: 'poetry', packages: 1});
    expect(plan!.script).toContain("lock_source=poetry.lock\nlock_requirements=/vdist/lock-requirements.txt\n");
    expect(renderPlan([plan!])).toContain('# lock: poetry.lock (poetry), 1 packages, hashes enforced\n');
    await expect(previewLocks([{...locked, groups: ['nope']}])).rejects.toThrow(/no dependency group "nope"/);
  });

  it('lets flags win over [vdist] settings', () => {
    const {settings} = load(`[vdist]\nbackend = "docker"\njobs = 4\nnetwork = "host"\n${TWO}`);
    const signal = new AbortController().signal;
    expect(buildRunOptions(settings, {backend: 'buildah', jobs: 1, output: 'out', isolation: 'chroot', only: ['deb'], smoke: true}, signal)).toEqual({
      only: ['deb'],
      jobs: 1,
      outputDir: `${process.cwd()}/out`,
      backend: 'buildah',
      network: 'host',
      isolation: 'chroot',
      smoke: true,
      noCache: false,
      cacheMaxAgeMs: 7 * 86_400_000,
      signal,
    });
    expect(buildRunOptions(settings, {}, signal)).toMatchObject({backend: 'docker', jobs: 4, outputDir: settings.output_dir, smoke: false, only: []});
    expect(buildRunOptions(load(`[vdist]\ncache_max_age = "12h"\n${TWO}`).settings, {'no-cache': true}, signal)).toMatchObject({noCache: true, cacheMaxAgeMs: 12 * 3_600_000});
  });
});

describe('plan of an fpm build', () => {
  it("renders the fpm packager's argv into the script", () => {
    const {builds} = load(`${BASE}\n[[build]]\nprofile = "debian-bookworm"\npackager = "fpm"\nfpm_args = "--license MIT"\n`);
    const [plan] = planBuilds(builds, 1_700_000_000);
    expect(plan!.script).toMatch(/fpm_command=\(fpm .*-t deb .*-n myapp .*--license MIT/);
  });
});

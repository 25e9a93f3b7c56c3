import {Flags} from '@oclif/core';
import {BACKEND_HELP, BACKEND_NAMES, backendFlagHelp} from '../backends/registry.js';
import {BaseCommand} from '../base-command.js';
import {ARCHES, parseArch} from '../core/arch.js';
import {runBuilds} from '../core/pipeline/run-builds.js';
import {exitCodeFor, renderSummary, summaryJson} from '../core/pipeline/summary.js';
import {previewCaches} from '../core/cache/peek.js';
import {loadConfig} from '../core/config/load.js';
import {installInterruptHandlers} from '../core/interrupt.js';
import {openConfiguredSigner} from '../core/signing/gpg.js';
import {checkNamedFiles} from '../core/source/named-files.js';
import {createProgress, PROGRESS_MODES} from '../core/progress/index.js';
import {buildRunOptions, planBuilds, previewDates, previewLocks, renderPlan, selectBuilds} from '../core/pipeline/plan.js';

export default class Build extends BaseCommand<typeof Build> {
  static override summary = 'Build the packages vdist.toml describes, each in a clean container.';
  static override examples = ['<%= config.bin %> build', '<%= config.bin %> build --dry-run --only "myapp-1.0-debian-bookworm"', '<%= config.bin %> build --backend buildah --jobs 2'];

  static override flags = {
    backend: Flags.option({
      summary: backendFlagHelp(),
      description: BACKEND_NAMES.map((n) => `${n}: ${BACKEND_HELP[n]}`).join('\n'),
      options: BACKEND_NAMES,
    })(),
    only: Flags.string({summary: 'Build only the build with this name (repeatable).', multiple: true}),
    arch: Flags.string({summary: "Build for this architecture instead of each build's arch (repeatable): amd64, arm64.", multiple: true, options: [...ARCHES, 'x86_64', 'aarch64']}),
    jobs: Flags.integer({char: 'j', summary: 'Builds to run at once (default: number of cores).', min: 1}),
    output: Flags.string({char: 'o', summary: 'Output directory for packages and logs (default: dist).'}),
    network: Flags.string({summary: 'Network mode of build containers, e.g. host.'}),
    isolation: Flags.option({summary: 'buildah isolation.', options: ['chroot', 'oci'] as const})(),
    smoke: Flags.boolean({summary: "Install each package in a fresh container and run the build's smoke_command."}),
    'no-cache': Flags.boolean({summary: "Provision every build's image from scratch (replacing its cache entry) and leave pip's cache out."}),
    'cache-registry': Flags.string({summary: 'Share the provisioned-image cache through this OCI registry repository, e.g. registry.example.com/team/vdist-cache (overrides [vdist] cache_registry).'}),
    'cache-dir': Flags.string({summary: 'Load provisioned images and pip caches from this directory before the builds, and write them back after (vdist cache import/export), for a CI cache action.'}),
    'cache-push': Flags.boolean({summary: 'Push the levels this run provisions to the cache registry (overrides [vdist] cache_push; default: only pull).', allowNo: true}),
    timeout: Flags.string({summary: 'Longest one build may take, e.g. 30m; a build over it is marked timeout and its container removed.'}),
    progress: Flags.option({
      summary: 'How builds are shown: a live view on a terminal (tty), step lines (plain, the default elsewhere), or JSON log lines.',
      options: PROGRESS_MODES,
      default: 'auto' as const,
    })(),
    verbose: Flags.boolean({char: 'v', summary: "Stream every build's full output (also in {output}/logs/{build}.log)."}),
    'sign-key': Flags.string({summary: 'Sign each rpm with this gpg key id, fingerprint or armored secret key file (overrides [vdist] signing_key).'}),
    'sign-debs': Flags.boolean({summary: "Also sign each .deb (debsigs' _gpgorigin member) with the signing key (overrides [vdist] sign_debs)."}),
    'dry-run': Flags.boolean({summary: 'Print the plan, each rendered script and its cache keys (hit or miss when an engine answers); builds nothing.'}),
  };

  public async run(): Promise<unknown> {
    const config = loadConfig(this.flags.config, process.env, {arches: this.flags.arch?.map((a) => parseArch(a)!)});
    const builds = selectBuilds(config.builds, this.flags.only ?? []);
    for (const warning of config.warnings ?? []) this.warn(warning);
    const options = buildRunOptions(config.settings, this.flags, new AbortController().signal);
    // Every file vdist.toml names for these builds is looked for now, before any engine: a missing one is exit 2, with --dry-run too.
    await checkNamedFiles(builds, {outputDir: options.outputDir});
    if (this.flags['dry-run']) {
      const caches = await previewCaches(builds, {...options, noCache: options.noCache ?? false, maxAgeMs: options.cacheMaxAgeMs!, log: this.log_});
      const dates = await previewDates(builds, process.env, options.outputDir);
      const plan = planBuilds(builds, undefined, await previewLocks(builds), dates).map((p, i) => ({...p, cache: caches[i]!}));
      if (!this.jsonEnabled()) this.log(renderPlan(plan));
      return {builds: plan};
    }
    const progress = createProgress({
      ...{flag: this.flags.progress, json: this.jsonEnabled(), verbose: this.flags.verbose, level: this.flags['log-level']},
      ...{config, builds: builds.map((b) => b.name), env: process.env, terminal: process.stderr},
    });
    this.useLogger(progress.log);
    const signer = await openConfiguredSigner(this.flags['sign-key'] ?? config.settings.signing_key, {log: this.log_});
    const interrupt = installInterruptHandlers(this.log_);
    try {
      const outcomes = await runBuilds(config, {...buildRunOptions(config.settings, this.flags, interrupt.signal), signing: signer && {signer, debs: this.flags['sign-debs'] || (config.settings.sign_debs ?? false)}}, this.log_);
      progress.finish(outcomes);
      if (!this.jsonEnabled()) this.log(renderSummary(outcomes, process.stdout.isTTY ? process.stdout.columns : undefined));
      process.exitCode = exitCodeFor(outcomes);
      return summaryJson(outcomes);
    } finally {
      progress.close();
      interrupt.dispose();
      await signer?.close();
    }
  }
}

import {Args, Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {loadToolSettings} from '../core/config/load.js';
import {UsageError} from '../core/errors.js';
import {publish} from '../core/publish/publish.js';
import {openConfiguredSigner} from '../core/signing/gpg.js';

export default class Publish extends BaseCommand<typeof Publish> {
  static override summary = 'Turn the packages in DIR into signed apt and dnf/yum repositories a web server can serve as they are.';
  static override description = 'Adds the .deb and .rpm files of DIR (default: the output directory) to the repository, keeping what it held before, signs the rpms and the metadata, and exports the public key with a .sources and a .repo snippet for hosts.';
  static override examples = ['<%= config.bin %> publish dist --repo /srv/repo --sign-key 0xABCD1234', '<%= config.bin %> publish --repo /srv/repo --suite bookworm --keep 3 --url https://repo.example.com'];

  static override args = {dir: Args.string({description: 'Directory with the packages (default: [vdist] output_dir, else dist).'})};

  static override flags = {
    repo: Flags.string({summary: 'The repository root (apt/, yum/, the key and snippets go here).', required: true}),
    'sign-key': Flags.string({summary: 'gpg key id, fingerprint or armored secret key file (overrides [vdist] signing_key).'}),
    suite: Flags.string({summary: 'apt suite (distribution) name.', default: 'stable'}),
    component: Flags.string({summary: 'apt component.', default: 'main'}),
    arch: Flags.string({summary: 'Architectures the repository accepts, Debian spelling (amd64, arm64); repeatable. Default: those of the packages.', multiple: true}),
    keep: Flags.integer({summary: 'Versions of each package to keep (default: all).', min: 1}),
    url: Flags.string({summary: 'URL of the repository root as hosts will reach it, for the .sources/.repo snippets.'}),
    name: Flags.string({summary: 'Repository name: Origin/Label, and the key and snippet file names.', default: 'vdist'}),
  };

  public async run(): Promise<unknown> {
    const settings = loadToolSettings(this.flags.config, process.env);
    const key = this.flags['sign-key'] ?? settings.signing_key;
    if (!key) throw new UsageError('publishing needs a signing key: pass --sign-key or set [vdist] signing_key', {suggestions: ['Create one with: gpg --quick-gen-key "Repo <repo@example.com>" ed25519 sign 2y']});
    const signer = (await openConfiguredSigner(key, {log: this.log_, probe: false}))!;
    try {
      const f = this.flags;
      const result = await publish({
        from: this.args.dir ?? settings.output_dir, repo: f.repo, signer, suite: f.suite, component: f.component,
        arches: f.arch?.flatMap((a) => a.split(',')), keep: f.keep, url: f.url, name: f.name, log: this.log_,
      });
      if (!this.jsonEnabled()) {
        this.log(`published ${result.added.length} new package(s), removed ${result.removed.length}; apt: ${result.apt?.packages ?? 0}, yum: ${result.yum?.packages ?? 0} package(s) in ${f.repo}`);
        this.log(`public key: ${result.publicKey}`);
      }
      return result;
    } finally {
      await signer.close();
    }
  }
}

import {Args, Flags} from '@oclif/core';
import {BaseCommand} from '../../base-command.js';
import {ARCHES, parseArch} from '../../core/arch.js';
import {BACKEND_NAMES, selectBackend} from '../../backends/registry.js';
import {loadToolSettings} from '../../core/config/load.js';
import {UsageError} from '../../core/errors.js';
import {bootstrapImage} from '../../core/image/bootstrap.js';
import {installInterruptHandlers} from '../../core/interrupt.js';
import {ProfileRegistry} from '../../core/profiles/registry.js';

export default class ImageBootstrap extends BaseCommand<typeof ImageBootstrap> {
  static override summary = "Make a profile's base image with debootstrap and import it into the engine: no registry needed.";
  static override description = 'Debian and Ubuntu profiles only. The mirror defaults to the host\'s own APT mirror when the host runs the same distribution.';
  static override examples = ['<%= config.bin %> image bootstrap debian-bookworm', '<%= config.bin %> image bootstrap debian-bookworm --arch arm64', '<%= config.bin %> image bootstrap ubuntu-noble --mirror http://mirror.example/ubuntu --backend buildah'];
  static override args = {profile: Args.string({description: 'Profile whose image to make.', required: true})};
  static override flags = {
    mirror: Flags.string({summary: 'APT mirror URL to debootstrap from.'}),
    backend: Flags.option({summary: 'Engine to import into (default: [vdist] backend, else the first that works).', options: BACKEND_NAMES})(),
    arch: Flags.string({summary: "Architecture of the image (default: the host's); a foreign one is made under qemu-user emulation and named as the profile's images map it.", options: [...ARCHES, 'x86_64', 'aarch64']}),
  };

  public async run(): Promise<unknown> {
    const settings = loadToolSettings(this.flags.config);
    const found = ProfileRegistry.load(settings.profiles_dir).lookup(this.args.profile);
    if (!found.ok) throw new UsageError(found.message, {suggestions: ['vdist profiles list']});
    const interrupt = installInterruptHandlers(this.log_);
    try {
      const {backend} = await selectBackend({flag: this.flags.backend, configured: settings.backend, isolation: settings.isolation, log: this.log_, signal: interrupt.signal});
      const result = await bootstrapImage({profile: found.profile, backend, mirror: this.flags.mirror, arch: this.flags.arch === undefined ? undefined : parseArch(this.flags.arch), log: this.log_, signal: interrupt.signal});
      if (!this.jsonEnabled()) this.log(`${result.image} (${result.arch}) is ready in ${backend.name}`);
      return result;
    } finally {
      interrupt.dispose();
    }
  }
}

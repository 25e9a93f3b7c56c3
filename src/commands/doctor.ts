import {Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {ExitCode} from '../core/errors.js';
import {BACKEND_NAMES} from '../backends/registry.js';
import {ARCHES, parseArch} from '../core/arch.js';
import {archImage, configuredArches} from '../core/doctor/config-arches.js';
import {checkEmulation, renderDoctor, runDoctor} from '../core/doctor/run-doctor.js';

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = 'Check each container engine: found, version, rootless, storage driver, and whether it can really run a container.';
  static override description = 'Known problems come with the fix that cures them (e.g. crun on hybrid cgroups: use runc). Exits 1 when no engine it checked can run a container.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json --backend podman'];
  static override flags = {
    backend: Flags.option({summary: 'Only this engine.', options: BACKEND_NAMES})(),
    image: Flags.string({summary: 'Image to run `true` in.', default: 'docker.io/library/debian:bookworm'}),
    arch: Flags.string({summary: 'Check qemu-user emulation for this architecture too (repeatable; default: the foreign ones vdist.toml asks for).', multiple: true, options: [...ARCHES, 'x86_64', 'aarch64']}),
  };

  public async run(): Promise<unknown> {
    const engines = this.flags.backend ? [this.flags.backend] : BACKEND_NAMES;
    const reports = await runDoctor({image: this.flags.image, engines, log: this.log_});
    const arches = this.flags.arch ? this.flags.arch.map((a) => parseArch(a)!) : configuredArches(this.flags.config);
    const emulation = await checkEmulation(arches, reports, {engines, log: this.log_, imageFor: (arch) => archImage(this.flags.config, arch)});
    if (!this.jsonEnabled()) this.log(renderDoctor(reports, emulation));
    // Usable as a gate in CI scripts: 1 when no engine checked can run a container, or an architecture asked for cannot.
    process.exitCode = reports.some((r) => r.canRun) && emulation.every((e) => e.problems.length === 0 && e.canRun !== false) ? ExitCode.ok : ExitCode.buildFailed;
    return {engines: reports, emulation};
  }
}

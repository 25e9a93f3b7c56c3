import {Args, Flags} from '@oclif/core';
import {BaseCommand} from '../base-command.js';
import {PACKAGE_FORMATS} from '../core/types.js';
import {describeSourceDateEpoch} from '../core/pipeline/source-date-epoch.js';
import {packageDirectory} from '../core/pipeline/package-directory.js';

export default class Package extends BaseCommand<typeof Package> {
  static override summary = 'Package a directory tree as a .deb or .rpm with the native writers, like fpm -s dir.';
  static override description = 'DIR is the package root: DIR/opt/myapp is installed as /opt/myapp. Metadata, maintainer scripts and dependencies follow the same rules as vdist build; fpm flags the native packager understands go in --fpm-args.';
  static override examples = [
    '<%= config.bin %> package ./root --name myapp --version 1.0 --format deb',
    '<%= config.bin %> package ./root --name myapp --version 1.0 --format rpm --depends "libpq >= 13" --compression zstd:10 -o dist',
    `<%= config.bin %> package ./root --name myapp --version 1.0 --format deb --fpm-args "--iteration 2 --after-install hooks/postinst.sh"`,
  ];

  static override args = {dir: Args.string({description: 'The directory to package (its root is the package\'s /).', required: true})};

  static override flags = {
    name: Flags.string({summary: 'Package name.', required: true}),
    version: Flags.string({summary: 'Package version.', required: true}),
    format: Flags.option({summary: 'Package format.', options: PACKAGE_FORMATS, required: true})(),
    arch: Flags.string({summary: 'Architecture (amd64, x86_64, all, ...); default: from the ELF files, else all.'}),
    depends: Flags.string({char: 'd', summary: 'A dependency, e.g. "libpq5" or "libpq5 (>= 13)" (repeatable).', multiple: true}),
    'fpm-args': Flags.string({summary: 'fpm flags the native packager understands, e.g. "--iteration 2 --maintainer \'Me <me@example.com>\'".'}),
    compression: Flags.string({summary: 'gzip, xz or zstd with an optional level, e.g. xz:1 (default: xz:0).'}),
    output: Flags.string({char: 'o', summary: 'Output directory.', default: 'dist'}),
  };

  public async run(): Promise<unknown> {
    const f = this.flags;
    const result = await packageDirectory({
      dir: this.args.dir, name: f.name, version: f.version, format: f.format, arch: f.arch, depends: f.depends ?? [],
      fpmArgs: f['fpm-args'], compression: f.compression, outputDir: f.output, env: process.env,
    });
    if (!this.jsonEnabled()) this.log(`${result.packageFile} (${result.sizeBytes} bytes, ${result.facts.fileCount} files, SOURCE_DATE_EPOCH=${describeSourceDateEpoch(result.sourceDateEpoch)})`);
    return {packageFile: result.packageFile, sizeBytes: result.sizeBytes, files: result.facts.fileCount, sourceDateEpoch: result.sourceDateEpoch};
  }
}

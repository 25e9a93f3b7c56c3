import type {PackageMetadata} from '../../../src/core/packagers/packager.js';

/** A complete PackageMetadata with every field set, for golden files. */
export function sampleMeta(over: Partial<PackageMetadata> = {}): PackageMetadata {
  return {
    name: 'oddapp',
    version: '1.2.3',
    iteration: '4',
    architecture: 'amd64',
    maintainer: 'Ops Team <ops@example.com>',
    vendor: 'Example Corp',
    description: 'Odd application for tests\nIt has an extended description.\n\nWith a paragraph after a blank line.',
    license: 'MIT',
    url: 'https://example.com/oddapp',
    category: 'python',
    depends: ['libpq5', 'libssl3 (>= 3.0)', 'zlib1g > 1:1.2'],
    conflicts: ['oldapp'],
    provides: ['oddapp-api'],
    replaces: ['oldapp (<< 2.0)'],
    config_files: ['/etc/oddapp/oddapp.conf'],
    excludes: [],
    scripts: {after_install: 'echo installed >> /var/lib/oddapp-hooks.log', before_remove: 'echo removing'},
    source_date_epoch: 1700000000,
    compression: {algorithm: 'gzip'},
    ...over,
  };
}

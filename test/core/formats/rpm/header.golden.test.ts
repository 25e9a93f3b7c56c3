import {mainHeaderTags} from '../../../../src/core/formats/rpm/writer.js';
import {TAG} from '../../../../src/core/formats/rpm/tags.js';
import type {TreeEntry} from '../../../../src/core/packagers/packager.js';
import {expectGolden} from '../../packagers/golden.js';
import {sampleMeta} from '../../packagers/meta-fixture.js';

const NAMES = new Map<number, string>(Object.entries(TAG).map(([k, v]) => [v, k]));

/** One line per tag: `NAME (type): value`, scripts shown by length only (they have golden files of their own). */
function render(tags: ReturnType<typeof mainHeaderTags>): string {
  return [...tags.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([tag, v]) => {
      const shown = v.type === 'BIN' ? v.value.toString('hex') : JSON.stringify(v.type === 'STRING' && v.value.startsWith('#!') ? `<script, ${v.value.length} chars>` : v.value);
      return `${NAMES.get(tag) ?? tag} (${v.type}): ${shown}`;
    })
    .join('\n') + '\n';
}

describe('rpm main header', () => {
  it('matches the golden tag dump', () => {
    const entries: TreeEntry[] = [
      {path: '/etc/oddapp', type: 'directory', mode: 0o755, size: 0, mtime: 1600000000, linkGroup: 0, ino: 1},
      {path: '/etc/oddapp/oddapp.conf', type: 'file', mode: 0o644, size: 12, mtime: 1600000000, linkGroup: 0, ino: 2, sha256: 'c'.repeat(64)},
      {path: '/opt/oddapp', type: 'directory', mode: 0o755, size: 0, mtime: 1600000000, linkGroup: 0, ino: 3},
      {path: '/opt/oddapp/a', type: 'file', mode: 0o755, size: 5, mtime: 1600000000, linkGroup: 1, ino: 4, sha256: 'a'.repeat(64)},
      {path: '/opt/oddapp/b', type: 'file', mode: 0o755, size: 5, mtime: 1600000000, linkGroup: 1, ino: 4, sha256: 'a'.repeat(64)},
      {path: '/opt/oddapp/run', type: 'symlink', mode: 0o777, size: 0, mtime: 1600000000, linkGroup: 0, ino: 6, linkTarget: 'a'},
    ];
    expectGolden('rpm-header.golden', render(mainHeaderTags(sampleMeta({epoch: 2, compression: {algorithm: 'zstd'}}), entries, {sha256: 'f'.repeat(64)})));
  });
});

// Runs one native writer on a tree tar, in its own process so its peak RSS is its own.
// Usage: node bench/packagers-worker.mjs deb|rpm TREE.tar OUT ALGORITHM LEVEL
import {createReadStream} from 'node:fs';
import {getPackager, stageTree} from '../lib/core/packagers/index.js';

const [format, tarFile, out, algorithm, level] = process.argv.slice(2);
const tree = await stageTree(createReadStream(tarFile));
try {
  const meta = {
    name: 'benchapp', version: '1.0', iteration: '1', architecture: tree.facts.architecture ?? 'all', maintainer: 'Bench <bench@example.com>',
    description: 'benchmark', depends: [], conflicts: [], provides: [], replaces: [], config_files: [], excludes: [], scripts: {},
    source_date_epoch: 1700000000, compression: {algorithm, level: Number(level)},
  };
  await getPackager(format, 'native').write(meta, tree, out);
} finally {
  await tree.dispose();
}

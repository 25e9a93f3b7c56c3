import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {TreeReader} from './lib/core/packagers/tree-stream.js';
import {dataTar} from './lib/core/packagers/tar-writer.js';
import {compressToFile} from './lib/core/archive/compress.js';
const mode = process.argv[2];
const t0 = performance.now(); const c0 = process.cpuUsage();
const child = spawn('tar', ['-c', '--sort=name', '-C', '/tmp/pyt', '--', '.'], {stdio: ['ignore', 'pipe', 'inherit']});
const work = mkdtempSync('/tmp/l2-');
const reader = new TreeReader(child.stdout, {excludes: [], sourceDateEpoch: 1700000000, workDir: work, linksNeedSpool: false});
let n = 0;
if (mode === 'items') { for await (const it of reader.items()) { if (it.body) for await (const c of it.body) n += c.length; } }
else if (mode === 'datatar') { for await (const c of dataTar(reader, 1700000000, [])) n += c.length; }
else { await compressToFile(dataTar(reader, 1700000000, []), {algorithm: 'xz', level: 0}, work + '/data.tar.xz'); }
const cpu = process.cpuUsage(c0);
console.log(mode, 'wall', ((performance.now()-t0)/1000).toFixed(2), 'cpu', ((cpu.user+cpu.system)/1e6).toFixed(2));

import {spawn} from 'node:child_process';
import {mkdtempSync, openSync} from 'node:fs';
import {Readable} from 'node:stream';
import {TreeReader} from './lib/core/packagers/tree-stream.js';
import {dataTar} from './lib/core/packagers/tar-writer.js';
const mode = process.argv[2];
const t0 = performance.now(); const c0 = process.cpuUsage();
const child = spawn('tar', ['-c', '--sort=name', '-C', '/tmp/pyt', '--', '.'], {stdio: ['ignore', 'pipe', 'inherit']});
const work = mkdtempSync('/tmp/l2-');
const reader = new TreeReader(child.stdout, {excludes: [], sourceDateEpoch: 1700000000, workDir: work, linksNeedSpool: false});
async function* batched(gen) { let parts = [], bytes = 0; for await (const b of gen) { parts.push(b); bytes += b.length; if (bytes >= 1<<20) { yield Buffer.concat(parts, bytes); parts = []; bytes = 0; } } if (bytes) yield Buffer.concat(parts, bytes); }
const xz = spawn('xz', ['-z', '-c', '-T+2', '-0'], {stdio: ['pipe', openSync(work + '/d.xz', 'w'), 'inherit']});
const src = mode === 'batched' ? batched(dataTar(reader, 1700000000, [])) : dataTar(reader, 1700000000, []);
for await (const c of src) { if (!xz.stdin.write(c)) await new Promise(r => xz.stdin.once('drain', r)); }
xz.stdin.end();
await new Promise(r => xz.on('close', r));
const cpu = process.cpuUsage(c0);
console.log(mode, 'wall', ((performance.now()-t0)/1000).toFixed(2), 'cpu', ((cpu.user+cpu.system)/1e6).toFixed(2));

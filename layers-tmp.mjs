import {spawn} from 'node:child_process';
import tar from 'tar-stream';
const mode = process.argv[2];
const t0 = performance.now();
const child = spawn('tar', ['-c', '--sort=name', '-C', '/tmp/pyt', '--', '.'], {stdio: ['ignore', 'pipe', 'inherit']});
let n = 0, bytes = 0;
if (mode === 'raw') { for await (const c of child.stdout) { bytes += c.length; n++; } }
else {
  const ex = tar.extract();
  child.stdout.pipe(ex);
  for await (const item of ex) {
    if (mode === 'resume') { item.resume(); continue; }
    for await (const c of item) { bytes += c.length; n++; }
  }
}
const cpu = process.cpuUsage();
console.log(mode, 'wall', ((performance.now()-t0)/1000).toFixed(2), 'cpu', ((cpu.user+cpu.system)/1e6).toFixed(2), 'chunks', n, 'MB', (bytes/1e6).toFixed(0));

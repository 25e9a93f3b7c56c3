// The packaging step's stream from a build container: a tree in a real podman container,
// tarred out (`tar -c --sort=name`, as a build does) and written as a .deb by vdist's writer,
// once with the tar on fd 3 (--preserve-fds, what a local podman gets) and once relayed
// by podman through its stdout (what a remote or wrapped podman gets). Alternating runs in
// one process; prints each time and the ratio.
// Run: npm run build && BENCH_TREE=DIR node bench/container-stream.bench.mjs
//   (DIR: an install tree, e.g. the example's .deb unpacked with `dpkg-deb -x`; BENCH_RUNS, default 4).
// Needs podman and the debian:bookworm image (scripts/setup-host.sh).
import {Readable, Writable} from 'node:stream';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pino} from 'pino';
import {PodmanBackend} from '../lib/backends/podman.js';
import {getPackager, packageMetadata, streamPackage} from '../lib/core/packagers/index.js';

const tree = process.env.BENCH_TREE;
if (!tree) throw new Error('set BENCH_TREE to an install tree directory');
const runs = Number(process.env.BENCH_RUNS ?? 4);
const log = pino({level: 'silent'});
const work = mkdtempSync(join(tmpdir(), 'vdist-stream-bench-'));
const spec = {name: 'bench', app: 'bench', version: '1', runtime_deps: [], fpm_args: [], packager: 'native', config_dir: work, profile: {format: 'deb'}};
const meta = (facts) => packageMetadata(spec, {sourceDateEpoch: 1700000000, readScript: () => '', compression: {algorithm: 'xz', level: 0}, architecture: facts?.architecture, origin: 'bench'});
const engines = {fd3: new PodmanBackend(), relay: new PodmanBackend({command: ['podman']})};
await engines.fd3.probe();
const container = await engines.fd3.create({image: 'docker.io/library/debian:bookworm', name: `vdist-stream-bench-${process.pid}`, labels: {}}, {log});
try {
  const tar = spawnSync('tar', ['-c', '--sort=name', '-C', tree, '.'], {maxBuffer: 2 ** 31}).stdout;
  await engines.fd3.copyIn(container, Readable.from([tar]), '/tree', {log});
  const times = {fd3: [], relay: []};
  for (let i = 0; i < runs; i++) {
    for (const [how, backend] of Object.entries(engines)) {
      const started = performance.now();
      const source = (sink) => backend.run(container, ['tar', '-c', '--sort=name', '-C', '/tree', '--', '.'], {log, stdout: sink});
      const streamed = await streamPackage(getPackager('deb', 'native'), source, meta(), work);
      await streamed.finish(meta(streamed.facts), join(work, `${how}.deb`));
      times[how].push((performance.now() - started) / 1000);
    }
  }
  const same = spawnSync('cmp', [join(work, 'fd3.deb'), join(work, 'relay.deb')]).status === 0;
  const median = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (sorted[Math.floor((xs.length - 1) / 2)] + sorted[Math.ceil((xs.length - 1) / 2)]) / 2;
  };
  console.log(`tar of ${(tar.length / 1e6).toFixed(1)} MB, ${runs} runs each; packages identical: ${same}`);
  for (const how of ['relay', 'fd3']) console.log(`${how.padEnd(5)} ${times[how].map((t) => t.toFixed(2)).join(' ')} s (median ${median(times[how]).toFixed(2)})`);
  console.log(`fd3/relay: ${(median(times.fd3) / median(times.relay)).toFixed(2)}`);
} finally {
  await engines.fd3.remove(container, {log});
  rmSync(work, {recursive: true, force: true});
}

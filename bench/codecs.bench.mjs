// Codec choice: each compressor alone on the tar of a Python install tree, and whether the
// multi-threaded encoders' output depends on the thread count.
// Run: node bench/codecs.bench.mjs  (BENCH_TREE=DIR packages DIR instead of the stand-in tree).
// Prints a Markdown table for bench/RESULTS.md.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {pythonTree} from './trees.mjs';

const work = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'vdist-codecs-'));

function time(fn) {
  const t = process.hrtime.bigint();
  const out = fn();
  return {seconds: Number(process.hrtime.bigint() - t) / 1e9, out};
}

function run(file, args, input) {
  const r = spawnSync(file, args, {input, maxBuffer: 1 << 30});
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

try {
  const root = process.env.BENCH_TREE ?? join(work, 'root');
  if (!process.env.BENCH_TREE) pythonTree(root);
  const tar = run('tar', ['-c', '--sort=name', '-C', root, '.']);
  const mb = (n) => (n / 1e6).toFixed(1);
  console.log(`tree: ${mb(tar.length)} MB of tar`);
  const codecs = [
    ['gzip -9 (node zlib, as vdist runs it)', () => gzipSync(tar, {level: 9})],
    ['gzip -6 (node zlib)', () => gzipSync(tar, {level: 6})],
    ['xz -6 -T2', () => run('xz', ['-z', '-c', '-T+2', '-6'], tar)],
    ['xz -3 -T2', () => run('xz', ['-z', '-c', '-T+2', '-3'], tar)],
    ['xz -2 -T2', () => run('xz', ['-z', '-c', '-T+2', '-2'], tar)],
    ['xz -1 -T2', () => run('xz', ['-z', '-c', '-T+2', '-1'], tar)],
    ['xz -0 -T2', () => run('xz', ['-z', '-c', '-T+2', '-0'], tar)],
    ...[3, 6, 9, 10, 12, 15, 19].map((l) => [`zstd -${l} -T2`, () => run('zstd', ['-q', '-c', '-T2', `-${l}`], tar)]),
  ];
  console.log('| codec | seconds | MB | vs gzip -9 size |');
  console.log('|---|---|---|---|');
  let gz;
  for (const [name, fn] of codecs) {
    const {seconds, out} = time(fn);
    gz ??= out.length;
    console.log(`| ${name} | ${seconds.toFixed(2)} | ${mb(out.length)} | ${(out.length / gz).toFixed(3)} |`);
  }
  const digest = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);
  for (const [file, levelArg, threads] of [['xz', '-1', (n) => `-T+${n}`], ['zstd', '-10', (n) => `-T${n}`], ['zstd', '-3', (n) => `-T${n}`]]) {
    const sums = [1, 2, 4, 8].map((n) => digest(run(file, ['-c', threads(n), levelArg], tar)));
    console.log(`${file} ${levelArg}: sha256 with 1, 2, 4, 8 threads: ${sums.join(' ')} -> ${new Set(sums).size === 1 ? 'identical' : 'DIFFERENT'}`);
  }
} finally {
  rmSync(work, {recursive: true, force: true});
}

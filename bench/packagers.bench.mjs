// `vdist package` (the native .deb/.rpm writers) against dpkg-deb and rpmbuild, same compressor and level,
// and at vdist's defaults against `dpkg-deb -Zgzip -z9` (the stand-in for fpm's defaults).
// Run: npm run bench:packagers  (builds lib/ first; BENCH_VENV=0, BENCH_PYTHON=0 or BENCH_BIG=0 skip a tree).
// BENCH_BEFORE=DIR: also time the vdist of another checkout (lib/ built there, e.g. a `git worktree` of an
// earlier commit) on the defaults rows, alternating with this one, for a before/after in the same run.
// BENCH_REPEAT=N: the defaults rows N times (default 1).
// BENCH_TREE=DIR: the defaults rows on a copy of DIR as well (e.g. a built package unpacked with `dpkg-deb -x`).
// Prints a Markdown table for bench/RESULTS.md.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync, cpSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {pythonTree} from './trees.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'vdist-bench-'));
const big = process.env.BENCH_BIG !== '0';
const small = process.env.BENCH_VENV !== '0';
const python = process.env.BENCH_PYTHON !== '0';
const vdist = join(here, '..', 'bin', 'run.js');
const before = process.env.BENCH_BEFORE ? join(process.env.BENCH_BEFORE, 'bin', 'run.js') : undefined;
const repeat = Number(process.env.BENCH_REPEAT ?? 1);

/** Runs argv under /usr/bin/time -v: wall seconds and peak RSS in MB. */
function timed(argv) {
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], {encoding: 'utf8', maxBuffer: 1 << 26});
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) / 1024;
  return {seconds, rss};
}

/** A virtualenv of the host's Python packages: the realistic tree (~55 MB, ~4000 files). */
function venvTree(root) {
  const app = join(root, 'opt', 'benchapp');
  execFileSync('python3', ['-m', 'venv', '--without-pip', app]);
  cpSync('/usr/lib/python3/dist-packages', join(app, 'lib', 'python3.11', 'site-packages'), {recursive: true, dereference: false, verbatimSymlinks: true});
}

/** 1 GB: 300 MB incompressible in 30 files, 700 MB of compressible text in 700 files. */
function bigTree(root) {
  const dir = join(root, 'opt', 'benchapp', 'data');
  mkdirSync(dir, {recursive: true});
  for (let i = 0; i < 30; i++) writeFileSync(join(dir, `random-${i}.bin`), randomBytes(10 * 1024 * 1024));
  const words = Array.from({length: 4096}, (_, i) => `word${(i * 2654435761) % 100003}`);
  for (let i = 0; i < 700; i++) {
    const fd = openSync(join(dir, `text-${i}.txt`), 'w');
    let line = '';
    for (let j = 0; j < 1024 * 1024 / 64; j++) {
      line = `${words[(i * 7 + j * 13) % words.length]} ${j} ${words[(j * 31) % words.length]} ${'-'.repeat(20)}\n`.padEnd(64, '.');
      writeSync(fd, line);
    }
    closeSync(fd);
  }
}

function rpmSpec(specFile, algorithm, level) {
  const payload = algorithm === 'gzip' ? `w${level}.gzdio` : algorithm === 'xz' ? `w${level}.xzdio` : `w${level}.zstdio`;
  writeFileSync(specFile, [
    'Name: benchapp', 'Version: 1.0', 'Release: 1', 'Summary: benchmark', 'License: MIT', 'BuildArch: noarch',
    '%define _binary_payload ' + payload, '%define __os_install_post %{nil}', '%define _build_id_links none', '%define debug_package %{nil}',
    '%define __spec_install_post %{nil}', '%define _source_date_epoch_from_changelog 0',
    '%description', 'benchmark', '%files', '/opt/benchapp', '',
  ].join('\n'));
}

/** `vdist package ROOT` timed; `compression` undefined = vdist's default. */
function native(root, format, out, compression, bin = vdist) {
  const argv = ['node', bin, 'package', root, '--name', 'benchapp', '--version', '1.0', '--format', format, '-o', out, '--json'];
  if (compression) argv.push('--compression', compression);
  const t = timed(argv);
  return {...t, size: statSync(readdirSync(out).map((f) => join(out, f)).find((f) => f.endsWith(`.${format}`))).size};
}

function dpkgDeb(root, algorithm, level) {
  mkdirSync(join(root, 'DEBIAN'), {recursive: true});
  writeFileSync(join(root, 'DEBIAN', 'control'), 'Package: benchapp\nVersion: 1.0-1\nArchitecture: all\nMaintainer: Bench <bench@example.com>\nDescription: benchmark\n');
  const file = join(work, 'dpkg.deb');
  try {
    return {...timed(['dpkg-deb', `-Z${algorithm}`, `-z${level}`, '--root-owner-group', '--build', root, file]), size: statSync(file).size};
  } finally {
    rmSync(join(root, 'DEBIAN'), {recursive: true});
    rmSync(file, {force: true});
  }
}

function rpmbuild(root, algorithm, level) {
  const spec = join(work, 'bench.spec');
  rpmSpec(spec, algorithm, level);
  const top = join(work, 'rpmbuild');
  const t = timed(['rpmbuild', '-bb', '--noclean', '--define', `_topdir ${top}`, '--buildroot', root, spec]);
  const dir = join(top, 'RPMS', 'noarch');
  const size = statSync(join(dir, readdirSync(dir)[0])).size;
  rmSync(top, {recursive: true, force: true});
  return {...t, size};
}

/** Each format against its system tool at the same codec and level. */
function bench(label, root, algorithm, level) {
  const rows = [];
  for (const format of ['deb', 'rpm']) {
    const out = mkdtempSync(join(work, 'out-'));
    const n = native(root, format, out, `${algorithm}:${level}`);
    rmSync(out, {recursive: true, force: true});
    const t = format === 'deb' ? dpkgDeb(root, algorithm, level) : rpmbuild(root, algorithm, level);
    rows.push([label, `${format} ${algorithm} -${level}`, n, format === 'deb' ? 'dpkg-deb' : 'rpmbuild', t]);
  }
  return rows;
}

/** vdist's defaults (deb xz:0, and the rpm profiles' zstd:6) against fpm's (stand-in: dpkg-deb -Zgzip -z9). */
function defaults(label, root) {
  const fpm = dpkgDeb(root, 'gzip', 9);
  return [['deb', undefined, 'deb, vdist default xz:0'], ['rpm', 'zstd:6', "rpm, rpm profiles' default zstd:6"]].flatMap(([format, compression, name]) => {
    const run = (bin) => {
      const out = mkdtempSync(join(work, 'out-'));
      const n = native(root, format, out, compression, bin);
      rmSync(out, {recursive: true, force: true});
      return n;
    };
    const rows = [];
    if (before) rows.push([label, `${name} (BENCH_BEFORE)`, run(before), 'dpkg-deb -Zgzip -z9', fpm]);
    rows.push([label, name, run(vdist), 'dpkg-deb -Zgzip -z9', fpm]);
    return rows;
  });
}

const rows = [];
try {
  if (process.env.BENCH_TREE) {
    const root = join(work, 'given-root');
    cpSync(process.env.BENCH_TREE, root, {recursive: true, verbatimSymlinks: true});
    for (let i = 0; i < repeat; i++) rows.push(...defaults(`BENCH_TREE ${process.env.BENCH_TREE}`, root));
    rmSync(root, {recursive: true, force: true});
  }
  if (python) {
    const root = join(work, 'python-root');
    pythonTree(root);
    for (let i = 0; i < repeat; i++) rows.push(...defaults('python install tree ~100 MB', root));
    rmSync(root, {recursive: true, force: true});
  }
  if (small) {
    const venv = join(work, 'venv-root');
    venvTree(venv);
    rows.push(...bench('virtualenv ~55 MB, ~4000 files', venv, 'xz', 6));
    rows.push(...bench('virtualenv ~55 MB, ~4000 files', venv, 'gzip', 9));
    rmSync(venv, {recursive: true, force: true});
  }
  if (big) {
    const root = join(work, 'big-root');
    bigTree(root);
    rows.push(...bench('generated 1 GB (30% random)', root, 'gzip', 6));
    rmSync(root, {recursive: true, force: true});
  }
} finally {
  rmSync(work, {recursive: true, force: true});
}
const mb = (n) => (n / 1e6).toFixed(1);
console.log('| tree | format | vdist package s | peak RSS MB | size MB | tool | tool s | tool peak RSS MB | tool size MB | vdist/tool time |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [tree, fmt, n, tool, t] of rows) {
  console.log(`| ${tree} | ${fmt} | ${n.seconds.toFixed(2)} | ${n.rss.toFixed(0)} | ${mb(n.size)} | ${tool} | ${t.seconds.toFixed(2)} | ${t.rss.toFixed(0)} | ${mb(t.size)} | ${(n.seconds / t.seconds).toFixed(2)} |`);
}

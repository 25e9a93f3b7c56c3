// Node's own cost of the ELF facts the tree stream reads from every ELF file (readElf, and addElfFacts where the
// checkout has it), apart from compression: each pass reads every ELF file under DIR (the files stay in the page
// cache), in this checkout and, with BENCH_BEFORE=DIR, in another one (lib/ built there), alternating.
// Run: npm run build && node bench/elf-facts.bench.mjs DIR [PASSES]   (e.g. DIR = a copy of /usr/lib/x86_64-linux-gnu)
import {closeSync, openSync, readdirSync, readSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dir = process.argv[2];
const passes = Number(process.argv[3] ?? 5);
if (!dir) throw new Error('usage: node bench/elf-facts.bench.mjs DIR [PASSES]');
const here = dirname(fileURLToPath(import.meta.url));
const checkouts = [['this', join(here, '..')], ...(process.env.BENCH_BEFORE ? [['BENCH_BEFORE', process.env.BENCH_BEFORE]] : [])];

const files = readdirSync(dir, {recursive: true})
  .map((f) => join(dir, f))
  .filter((f) => {
    const st = statSync(f, {throwIfNoEntry: false});
    if (!st?.isFile() || st.size < 64) return false;
    const fd = openSync(f, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    return head.toString('latin1') === '\x7fELF';
  })
  .map((f) => ({path: f, size: statSync(f).size, mode: statSync(f).mode}));

// The ELF reader lives in lib/core/tree/ now; an older checkout has it in lib/core/packagers/.
const elfModule = (root) => (existsSync(join(root, 'lib/core/tree/elf.js')) ? join(root, 'lib/core/tree/elf.js') : join(root, 'lib/core/packagers/elf.js'));
const modules = await Promise.all(checkouts.map(async ([name, root]) => [name, await import(elfModule(root))]));
const times = Object.fromEntries(checkouts.map(([name]) => [name, []]));
for (let pass = 0; pass < passes; pass++) {
  for (const [name, elf] of modules) {
    const facts = {needed: new Set(), provided: new Set()};
    const start = process.hrtime.bigint();
    for (const f of files) {
      const fd = openSync(f.path, 'r');
      const info = elf.readElf(fd, 0, f.size);
      closeSync(fd);
      if (info && elf.addElfFacts) elf.addElfFacts(facts, info, f.path, (f.mode & 0o111) !== 0);
      else if (info) for (const n of info.needed) facts.needed.add(n);
    }
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
const mb = files.reduce((n, f) => n + f.size, 0) / 1e6;
console.log(`${files.length} ELF files, ${mb.toFixed(0)} MB, ${passes} passes`);
console.log('| checkout | ms per pass (each pass) | median ms |');
console.log('|---|---|---|');
for (const [name] of checkouts) {
  const sorted = [...times[name]].sort((a, b) => a - b);
  console.log(`| ${name} | ${times[name].map((t) => t.toFixed(0)).join(' / ')} | ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} |`);
}

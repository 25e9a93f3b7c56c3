// How long vdist takes to read a large lock on the host: a generated poetry.lock
// and uv.lock of N packages (default 400), each with 20 files and 3 dependencies,
// some behind markers. Run: npm run build && node bench/lock.bench.mjs [N]
import {createHash} from 'node:crypto';
import {performance} from 'node:perf_hooks';
import {resolveLock} from '../lib/core/lock/index.js';

const n = Number(process.argv[2] ?? 400);
const hash = (s) => createHash('sha256').update(s).digest('hex');
const name = (i) => `pkg-${i}`;
const deps = (i) => [1, 2, 3].map((d) => i * 3 + d).filter((j) => j < n);

const pyproject = `[project]\nname = "demo"\nversion = "1.0"\ndependencies = ["${name(0)}"]\n`;
const poetry = [
  ...Array.from({length: n}, (_, i) => {
    const files = Array.from({length: 20}, (_, f) => `    {file = "${name(i)}-1.0-cp3${f}-linux.whl", hash = "sha256:${hash(`${i}-${f}`)}"},`).join('\n');
    const dependencies = deps(i).map((j) => (j % 5 === 0 ? `${name(j)} = {version = ">=1", markers = "sys_platform == 'win32'"}` : `${name(j)} = ">=1"`)).join('\n');
    return `[[package]]\nname = "${name(i)}"\nversion = "1.0"\ndescription = ""\noptional = false\npython-versions = ">=3.8"\nfiles = [\n${files}\n]\n\n[package.dependencies]\n${dependencies}\n`;
  }),
  `[metadata]\nlock-version = "2.0"\npython-versions = ">=3.8"\ncontent-hash = "x"\n`,
].join('\n');
const uv = [
  'version = 1\nrevision = 2\nrequires-python = ">=3.8"\n',
  `[[package]]\nname = "demo"\nversion = "1.0"\nsource = { editable = "." }\ndependencies = [{ name = "${name(0)}" }]\n`,
  ...Array.from({length: n}, (_, i) => {
    const wheels = Array.from({length: 20}, (_, f) => `    { url = "https://files.example/${name(i)}-${f}.whl", hash = "sha256:${hash(`${i}-${f}`)}", size = 1 },`).join('\n');
    const dependencies = deps(i).map((j) => (j % 5 === 0 ? `{ name = "${name(j)}", marker = "platform_machine == 'aarch64'" }` : `{ name = "${name(j)}" }`)).join(', ');
    return `[[package]]\nname = "${name(i)}"\nversion = "1.0"\nsource = { registry = "https://index.example/simple" }\ndependencies = [${dependencies}]\nwheels = [\n${wheels}\n]\n`;
  }),
].join('\n');

const keys = {lock_file: 'auto', groups: [], extras: [], allow_unhashed: false, strict_lock: false, working_dir: '', requirements_path: 'requirements.txt', compile_python: true, compile_python_version: '3.12.8'};
for (const [file, text] of [['poetry.lock', poetry], ['uv.lock', uv]]) {
  const files = {[file]: text, 'pyproject.toml': pyproject};
  const times = [];
  let lock;
  for (let run = 0; run < 5; run++) {
    const t = performance.now();
    lock = await resolveLock(keys, async (p) => files[p]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${file}: ${n} packages, ${(text.length / 1e6).toFixed(2)} MB -> ${lock.packages.length} in the runtime set; median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms (5 runs)`);
}

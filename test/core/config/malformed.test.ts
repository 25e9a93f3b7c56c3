import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadConfig} from '../../../src/core/config/load.js';
import {ExitCode, isVdistError} from '../../../src/core/errors.js';

// 200 malformed vdist.toml files, made by mutating a valid one: each must be
// refused with exit 2 and a message that points at file:line, never a stack trace.
const BASE = `[vdist]
output_dir = "dist"
jobs = 2

[defaults]
app = "myapp"
version = "1.2.3"
source = { directory = "." }
runtime_deps = ["libpq5"]

[[build]]
name = "debian"
profile = "debian-bookworm"
build_deps = ["gcc", "libpq-dev"]
compile_python = false

[[build]]
name = "rocky"
profile = "rockylinux-9"
compile_python = true
`;

/** A small deterministic PRNG (mulberry32), so a failure names a case that can be run again. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lines = BASE.split('\n');
const valueLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\w+ = /.test(l));
const WRONG_TYPES = ['123', 'true', '[1, 2]', '{ a = 1 }', '1979-05-27T07:32:00Z', '-1', '3.5'];
const HUGE = (n: number) => `"${'a'.repeat(n)}"`;

type Mutation = {kind: string; text: string | Buffer};
function mutate(pick: () => number, n: number): Mutation {
  const any = <T>(xs: readonly T[]) => xs[Math.floor(pick() * xs.length)]!;
  const [line, at] = any(valueLines);
  const key = line.split(' = ')[0]!;
  const replaced = (value: string) => lines.map((l, i) => (i === at ? `${key} = ${value}` : l)).join('\n');
  switch (n % 6) {
    case 0: {
      // A wrong type; keys whose value is already that type get a string of garbage instead.
      const wrong = any(WRONG_TYPES);
      return {kind: `wrong type ${key}`, text: replaced(line.endsWith(wrong) ? '"not-a-valid-value"' : wrong)};
    }
    case 1: {
      // Cut just after the opening quote, bracket or brace of a value (after the first [[build]]): never valid TOML.
      const first = BASE.indexOf('[[build]]');
      const open = BASE.split('').flatMap((c, i) => ('"[{'.includes(c) && BASE[i - 1] === ' ' && i > first ? [i] : []));
      return {kind: 'truncated', text: BASE.slice(0, any(open) + 1)};
    }
    case 2: {
      const bytes = Buffer.from(BASE);
      const cut = Math.floor(pick() * bytes.length);
      return {kind: 'bad utf-8', text: Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(cut)])};
    }
    case 3: {
      const target = any(['app', 'version', 'name', 'custom_filename']);
      const size = any([300, 1000, 300_000]);
      const text = lines.map((l) => (l.startsWith(`${target} = `) ? `${target} = ${HUGE(size)}` : l)).join('\n');
      return {kind: `huge ${target}`, text: text.includes(HUGE(size)) ? text : text.replace('name = "debian"', `name = "debian"\ncustom_filename = ${HUGE(size)}`)};
    }
    case 4:
      return {kind: `duplicate ${key}`, text: lines.flatMap((l, i) => (i === at ? [l, l] : [l])).join('\n')};
    default: {
      const table = any(['[vdist]', '[defaults]', '[[build]]']);
      return {kind: `unknown key in ${table}`, text: BASE.replace(table, `${table}\nbogus_key_${n} = 1`)};
    }
  }
}

describe('200 malformed vdist.toml files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-malformed-'));
  const pick = rng(11);
  const cases = Array.from({length: 200}, (_, n) => ({n, ...mutate(pick, n)}));

  it('the unmutated file loads', () => {
    const file = join(dir, 'base.toml');
    writeFileSync(file, BASE);
    expect(loadConfig(file, {}).builds).toHaveLength(2);
  });

  it.each(cases.map((c) => [c.n, c.kind, c] as const))('#%i %s: exit 2, file:line, no stack trace', (n, _kind, c) => {
    const file = join(dir, `case-${n}.toml`);
    writeFileSync(file, c.text);
    let error: unknown;
    try {
      loadConfig(file, {});
    } catch (e) {
      error = e;
    }
    expect(isVdistError(error), `case ${n} (${c.kind}) loaded, or threw ${String(error)}`).toBe(true);
    const e = error as Error & {exitCode: number};
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toMatch(new RegExp(`case-${n}\\.toml:\\d+`));
    expect(e.message).not.toMatch(/\n\s+at \S+ \(/);
    expect(e.message.length).toBeLessThan(4000);
  });
});

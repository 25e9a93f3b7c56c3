import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

// docs/layout.md: no two files of src/ import each other, directly or round a
// longer circle, type-only imports included (they tie the files' meaning as
// much as a value import does).
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const RELATIVE_IMPORT = /^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Each file's relative imports, as absolute .ts paths. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(file, targets);
  }
  return graph;
}

/** Every circle a depth-first walk meets, as `a.ts -> b.ts -> a.ts` relative to src/. */
function circles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === 'open') found.push([...path.slice(path.indexOf(target)), target].map((f) => relative(SRC, f)).join(' -> '));
      else if (!state.has(target)) visit(target, path);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return found;
}

describe('the layout of src/', () => {
  it('reads the imports it checks (a scanner that sees nothing would pass anything)', () => {
    const graph = importGraph(sourceFiles(SRC));
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(join(SRC, 'backends/podman.ts'))).toContain(join(SRC, 'backends/cli-engine.ts'));
    expect(circles(new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/a.ts']]]))).toHaveLength(1);
  });

  it('has no import circles between files', () => {
    expect(circles(importGraph(sourceFiles(SRC)))).toEqual([]);
  });
});

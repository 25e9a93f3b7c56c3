import {describe, expect, it} from 'vitest';
import {expandString} from '../../../src/core/config/expand.js';
import {formatKeyPath, LineIndex} from '../../../src/core/config/lines.js';
import {packageName} from '../../../src/core/config/init-project.js';
import {splitShellWords} from '../../../src/core/config/shell-words.js';

describe('expandString', () => {
  it('expands set variables, applies defaults to unset and empty ones, and keeps $$ as $', () => {
    expect(expandString('a-${X}-${Y:-dy}-${Z:-dz}-$${X}', {X: 'x', Z: ''})).toEqual({value: 'a-x-dy-dz-${X}', unset: []});
  });

  it('reports each unset variable without a default', () => {
    expect(expandString('${A}${B}', {}).unset).toEqual(['A', 'B']);
  });
});

describe('splitShellWords', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    [`--description 'My "app"' x`, ['--description', 'My "app"', 'x']],
    ['"a \\"b\\" $c" d\\ e', ['a "b" $c', 'd e']],
    ["''", ['']],
    ['', []],
  ])('%s', (input, words) => expect(splitShellWords(input)).toEqual(words));

  it('refuses an unterminated quote', () => expect(() => splitShellWords(`'oops`)).toThrow(/unterminated/));
});

describe('LineIndex', () => {
  const source = '[vdist]\njobs = 2\n\n[defaults]\napp = "x"\nsource = { directory = "." }\n\n[[build]]\nprofile = "a"\n\n[[build]]\n"profile" = "b"\nlong = """\nfake = 1\n"""\nfake2 = 2\n[build.source]\ndirectory = "."\n';
  const lines = new LineIndex(source);
  it.each([
    [['vdist', 'jobs'], 2],
    [['defaults', 'source', 'directory'], 6],
    [['build', 0], 8],
    [['build', 0, 'profile'], 9],
    [['build', 1, 'profile'], 12],
    [['build', 1, 'fake'], 11],
    [['build', 1, 'fake2'], 16],
    [['build', 1, 'source', 'directory'], 18],
    [['build', 2], undefined],
  ] as const)('%j is on line %s', (path, line) => expect(lines.line(path)).toBe(line));

  it('formats key paths the way users write them', () => expect(formatKeyPath(['build', 1, 'source', 'branch'])).toBe('build[1].source.branch'));
});

describe('packageName', () => {
  it.each([
    ['My_App', 'my-app'],
    ['requests', 'requests'],
    ['x', 'x-app'],
  ])('%s -> %s', (input, name) => expect(packageName(input)).toBe(name));
});

import {describe, expect, it} from 'vitest';
import {interpolate, parseIni, sectionView} from '../../../src/core/migrate/configparser.js';

const values = (text: string, section: string) => {
  const {ini, problems} = parseIni(text, 'b.cnf');
  expect(problems).toEqual([]);
  const s = ini.sections.find((x) => x.name === section)!;
  return Object.fromEntries([...sectionView(ini, s)].map(([k, o]) => [k, interpolate(ini, section, o.raw)]));
};

describe('parseIni (ConfigParser semantics)', () => {
  it('merges [DEFAULT] under every section, the section winning, and lower-cases keys', () => {
    const text = '[DEFAULT]\nApp = base\nversion = 1\n\n[one]\nversion = 2\n\n[two]\n';
    expect(values(text, 'one')).toEqual({app: 'base', version: '2'});
    expect(values(text, 'two')).toEqual({app: 'base', version: '1'});
  });

  it('resolves ${key} in the reading section, so a [DEFAULT] value sees the section\'s keys', () => {
    const text = '[DEFAULT]\napp = base\nsource_directory = /src/${app}\n\n[one]\napp = mine\n\n[two]\n';
    expect(values(text, 'one').source_directory).toBe('/src/mine');
    expect(values(text, 'two').source_directory).toBe('/src/base');
  });

  it('resolves ${section:key}, nested references and $$', () => {
    const text = '[common]\nroot = /opt\nbase = ${root}/apps\n\n[one]\nwhere = ${common:base}/x\nprice = 5$$ and $${not}\n';
    expect(values(text, 'one')).toMatchObject({where: '/opt/apps/x', price: '5$ and ${not}'});
  });

  it('joins continuation lines with newlines, keeps empty lines inside, drops comment lines', () => {
    const text = '[one]\nfpm_args = --a 1\n    --b 2\n\n    # a comment\n    --c 3\nnext = x\n';
    expect(values(text, 'one')).toEqual({fpm_args: '--a 1\n--b 2\n\n--c 3', next: 'x'});
  });

  it('accepts ":" as the delimiter and keeps ";" after a value (no inline comments)', () => {
    expect(values('[one]\napp: x\nversion = 1 ; not a comment\n', 'one')).toEqual({app: 'x', version: '1 ; not a comment'});
  });

  it('reports a line before any section, a line that is no option, and repeats, with their lines', () => {
    const {problems} = parseIni('app = x\n[one]\njunk\napp = 1\napp = 2\n[one]\n', 'b.cnf');
    expect(problems.map((p) => [p.line, p.key, p.message.split(':')[0]])).toEqual([
      [1, undefined, 'no [section] header before this line'],
      [3, undefined, '"junk" is neither "[section]" nor "key = value"'],
      [5, 'app', 'appears twice in [one] (the original refused this too)'],
      [6, undefined, 'section [one] appears twice (the original refused this too)'],
    ]);
  });

  it('explains a reference to a missing key or section, a lone $, and a loop', () => {
    const {ini} = parseIni('[one]\na = ${nope}\nb = ${other:x}\nc = 5$\nd = ${e}\ne = ${d}\n', 'b.cnf');
    const raw = (k: string) => ini.sections[0]!.options.get(k)!.raw;
    expect(() => interpolate(ini, 'one', raw('a'))).toThrow('${nope}: [one] has no key "nope"');
    expect(() => interpolate(ini, 'one', raw('b'))).toThrow('names section [other], which the file does not have');
    expect(() => interpolate(ini, 'one', raw('c'))).toThrow('"$" must be followed by "$" or "{"');
    expect(() => interpolate(ini, 'one', raw('d'))).toThrow('nest more than 10 deep');
  });
});

import {describe, expect, it} from 'vitest';
import {fromPythonFormat} from '../../../src/core/migrate/python-format.js';

describe('fromPythonFormat', () => {
  it("turns the original's {VAR} into ${VAR} and {{ }} into braces", () => {
    expect(fromPythonFormat('1.0.{BUILD_NUMBER}-{{literal}}')).toEqual({value: '1.0.${BUILD_NUMBER}-{literal}', unsupported: []});
  });

  it('keeps a field vdist cannot express, and names it', () => {
    expect(fromPythonFormat('{BUILD:>04}.{0}')).toEqual({value: '{BUILD:>04}.{0}', unsupported: ['{BUILD:>04}', '{0}']});
  });
});

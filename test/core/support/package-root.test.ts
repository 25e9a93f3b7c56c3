import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {BUILTIN_TEMPLATES_DIR, isBuiltinScript} from '../../../src/core/support/package-root.js';

describe('isBuiltinScript', () => {
  it('knows vdist\'s own templates from a user\'s', () => {
    expect(isBuiltinScript(join(BUILTIN_TEMPLATES_DIR, 'debian.sh'))).toBe(true);
    expect(isBuiltinScript(join(BUILTIN_TEMPLATES_DIR, '../profiles/../templates/centos.sh'))).toBe(true);
    expect(isBuiltinScript('/home/me/project/buildprofiles/debian.sh')).toBe(false);
    expect(isBuiltinScript(`${BUILTIN_TEMPLATES_DIR}-mine/debian.sh`)).toBe(false);
  });
});

import {describe, expect, it} from 'vitest';
import {installArgv} from '../../../src/core/smoke/smoke-test.js';

describe('smoke test installer', () => {
  it('uses apt-get on Debian, passing the package as an argument, never in the script text', () => {
    const argv = installArgv('debian', "/vdist-smoke/it's.deb");
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv[2]).toContain('apt-get install -y');
    expect(argv[2]).not.toContain("it's");
    expect(argv.at(-1)).toBe("/vdist-smoke/it's.deb");
  });

  it('uses dnf (or yum) on the rpm family', () => {
    const argv = installArgv('rhel', '/vdist-smoke/app-1.0-1.x86_64.rpm');
    expect(argv[2]).toMatch(/dnf install -y .*yum install -y/);
    expect(argv.at(-1)).toBe('/vdist-smoke/app-1.0-1.x86_64.rpm');
  });
});

import {describe, expect, it} from 'vitest';
import {evaluateMarker, formatMarker, parseMarker, targetEnvironment} from '../../../src/core/lock/marker.js';

const env312 = targetEnvironment({pythonVersion: '3.12.8', extras: ['socks'], groups: ['dev']});
const envSystem = targetEnvironment({extras: [], groups: []});
const decide = (text: string, env = env312) => formatMarker(evaluateMarker(parseMarker(text), env));

describe('PEP 508 markers', () => {
  it('decides what the host knows of the target', () => {
    expect(decide('python_version < "3.11"')).toBe('python_version < "0"');
    expect(decide('python_version >= "3.9"')).toBe('python_version >= "0"');
    expect(decide("sys_platform == 'win32'")).toBe('python_version < "0"');
    expect(decide('platform_system == "Linux" and os_name == "posix"')).toBe('python_version >= "0"');
    expect(decide('python_full_version >= "3.12.1" and python_full_version < "3.13"')).toBe('python_version >= "0"');
    expect(decide('python_version == "3.12.*"')).toBe('python_version >= "0"');
    expect(decide('python_version ~= "3.10"')).toBe('python_version >= "0"');
    expect(decide('python_full_version != "3.12.8"')).toBe('python_version < "0"');
    expect(decide('implementation_name == "pypy"')).toBe('python_version < "0"');
  });

  it('compares versions as versions, not strings', () => {
    expect(decide('python_version > "3.9"')).toBe('python_version >= "0"');
    expect(decide('python_full_version < "3.12.10"')).toBe('python_version >= "0"');
    expect(decide('python_full_version > "3.12.8rc1"')).toBe('python_version >= "0"');
  });

  it('treats extra (and PEP 751 extras, dependency_groups) as the requested sets, names normalised', () => {
    expect(decide('extra == "SOCKS"')).toBe('python_version >= "0"');
    expect(decide("extra == 'tests'")).toBe('python_version < "0"');
    expect(decide("'socks' in extras and 'dev' in dependency_groups")).toBe('python_version >= "0"');
    expect(decide("'docs' not in dependency_groups")).toBe('python_version >= "0"');
  });

  it('leaves what only the target knows to pip, simplified', () => {
    expect(decide('platform_machine == "x86_64" and sys_platform == "linux"')).toBe('platform_machine == "x86_64"');
    expect(decide('python_version < "3.11" and extra == "socks"', envSystem)).toBe('python_version < "0"');
    expect(decide('python_version < "3.11" or sys_platform == "win32"', envSystem)).toBe('python_version < "3.11"');
    expect(decide('(python_version < "3.11" or platform_machine == "arm64") and os_name == "posix"', envSystem)).toBe(
      'python_version < "3.11" or platform_machine == "arm64"',
    );
    expect(decide('platform_machine == "a" and (python_version < "3.11" or platform_machine == "b")', envSystem)).toBe(
      'platform_machine == "a" and (python_version < "3.11" or platform_machine == "b")',
    );
  });

  it('reads legacy names and quotes, and rejects what is not a marker', () => {
    expect(decide("os.name == 'posix'")).toBe('python_version >= "0"');
    expect(() => parseMarker('python_version <')).toThrow(/expected a value/);
    expect(() => parseMarker('pyversion == "3"')).toThrow(/marker variable/);
    expect(() => parseMarker('python_version == "3" python_version')).toThrow(/"and" or "or"/);
    expect(() => parseMarker('python_version == "3" $')).toThrow(/column/);
  });
});

import {describe, expect, it} from 'vitest';
import {deployFactsFromLine, parseDeployFacts} from '../../../src/core/contract/deploy-facts.js';
import {deployPaths, interpreterDepends} from '../../../src/core/contract/deploy.js';

describe('deployment facts and paths', () => {
  it('reads the python version and the linked commands, ignoring what is not one', () => {
    expect(parseDeployFacts('python_version=3.11\nbin_links=myapp myapp-admin ../x\nfuture=1\n')).toEqual({pythonVersion: '3.11', binLinks: ['myapp', 'myapp-admin']});
    expect(parseDeployFacts('python_version=\nbin_links=\n')).toEqual({pythonVersion: undefined, binLinks: []});
  });

  it('reads the same facts from the line the build script prints, and nothing from other lines', () => {
    expect(deployFactsFromLine('vdist: deploy facts: python_version=3.11 bin_links=myapp myapp-admin')).toEqual({pythonVersion: '3.11', binLinks: ['myapp', 'myapp-admin']});
    expect(deployFactsFromLine('vdist: deploy facts: python_version=3.12 bin_links=')).toEqual({pythonVersion: '3.12', binLinks: []});
    expect(deployFactsFromLine('echo vdist: deploy facts: python_version=3.11 bin_links=x')).toBeUndefined();
    expect(deployFactsFromLine('deployment files: /usr/bin/myapp')).toBeUndefined();
  });

  it('puts config files at their targets, units in the unit directory, links in /usr/bin', () => {
    const spec = {config_files: {'/etc/myapp/config.toml': 'deploy/config.toml'}, systemd_units: ['deploy/myapp.service']};
    expect(deployPaths(spec, ['myapp'])).toEqual(['/etc/myapp/config.toml', '/usr/lib/systemd/system/myapp.service', '/usr/bin/myapp']);
  });

  it('pins the interpreter only for the target\'s own /usr python', () => {
    const own = {compile_python: false, python_basedir: '/usr'};
    expect(interpreterDepends(own, 'deb', '3.13')).toEqual(['python3 (>= 3.13)', 'python3 (<< 3.14)']);
    expect(interpreterDepends(own, 'rpm', '3.12')).toEqual(['python(abi) = 3.12']);
    expect(interpreterDepends(own, 'deb', undefined)).toEqual([]);
    expect(interpreterDepends({compile_python: true, python_basedir: '/usr'}, 'deb', '3.13')).toEqual([]);
  });
});

import {checkElfArchitecture} from '../../../src/core/tree/elf.js';

describe('checkElfArchitecture', () => {
  it('passes a tree whose ELF files are all for the build\'s architecture, or that has none', () => {
    expect(() => checkElfArchitecture(new Map([['arm64', ['/opt/a/lib/x.so']]]), 'arm64')).not.toThrow();
    expect(() => checkElfArchitecture(undefined, 'arm64')).not.toThrow();
  });

  it('an x86-64 .so in an arm64 package is an error naming the file', () => {
    const elf = new Map([
      ['arm64', ['/opt/a/bin/python3']],
      ['amd64', ['/opt/a/lib/python3.11/site-packages/fastsum.cpython-311-x86_64-linux-gnu.so']],
    ]);
    expect(() => checkElfArchitecture(elf, 'arm64')).toThrow(
      'the package is for arm64, but it holds ELF files built for another architecture (amd64: /opt/a/lib/python3.11/site-packages/fastsum.cpython-311-x86_64-linux-gnu.so)',
    );
  });
});

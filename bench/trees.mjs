// Install trees the packaging benchmarks share.
import {execFileSync} from 'node:child_process';
import {cpSync} from 'node:fs';
import {join} from 'node:path';

/** The own-CPython-sized stand-in: a virtualenv plus the host's stdlib and dist-packages, byte-compiled (~100 MB of tar). */
export function pythonTree(root) {
  const app = join(root, 'opt', 'benchapp');
  execFileSync('python3', ['-m', 'venv', '--without-pip', app]);
  cpSync('/usr/lib/python3.11', join(app, 'python', 'lib', 'python3.11'), {recursive: true, verbatimSymlinks: true});
  cpSync('/usr/lib/python3/dist-packages', join(app, 'lib', 'python3.11', 'site-packages'), {recursive: true, verbatimSymlinks: true});
  execFileSync('python3', ['-m', 'compileall', '-q', '-j', '0', join(app, 'python'), join(app, 'lib')], {stdio: 'ignore'});
}

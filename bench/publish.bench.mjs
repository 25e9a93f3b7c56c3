// Times `vdist publish` on N small .deb + N .rpm made with `vdist package`,
// with a throwaway ed25519 key (no passphrase) in a private GNUPGHOME:
// the first publish (every rpm signed) and a second one with nothing new.
// Usage: npm run build && node bench/publish.bench.mjs [N]
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const n = Number(process.argv[2] ?? 20);
const run = resolve('bin/run.js');
const dir = mkdtempSync(join(tmpdir(), 'vdist-publish-bench-'));
const home = join(dir, 'gnupg');
mkdirSync(home, {mode: 0o700});
const env = {...process.env, GNUPGHOME: home, SOURCE_DATE_EPOCH: '1700000000'};
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, {env, stdio: ['ignore', 'pipe', 'pipe'], ...opts});
const time = (f) => {
  const t = performance.now();
  f();
  return ((performance.now() - t) / 1000).toFixed(2);
};
try {
  sh('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'bench <bench@example.invalid>', 'ed25519', 'sign', 'never']);
  for (let i = 0; i < n; i++) {
    const root = join(dir, `root${i}`, 'opt', `app${i}`);
    mkdirSync(root, {recursive: true});
    writeFileSync(join(root, 'data.txt'), `package ${i}\n`.repeat(1000));
    for (const format of ['deb', 'rpm']) sh('node', [run, 'package', join(dir, `root${i}`), '--name', `app${i}`, '--version', '1.0', '--format', format, '-o', join(dir, 'dist')]);
  }
  const publish = () => sh('node', [run, 'publish', join(dir, 'dist'), '--repo', join(dir, 'repo'), '--sign-key', 'bench', '--log-level', 'warn'], {cwd: dir});
  const first = time(publish);
  const again = time(publish);
  console.log(`| ${n} + ${n} | ${first} | ${again} |`);
} finally {
  try {
    sh('gpgconf', ['--kill', 'gpg-agent']);
  } catch {}
  rmSync(dir, {recursive: true, force: true});
}

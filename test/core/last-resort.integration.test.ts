import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {REPO_ROOT} from '../helpers/run-cli.js';

// A real node process with the built handler installed as bin/run.js installs it, dying of an error nothing caught.
async function crash(how: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vdist-crash-'));
  const marker = join(dir, 'cleaned');
  const script = `
    import {writeFileSync} from 'node:fs';
    import {ensureLastResort, cleanupOnCrash} from ${JSON.stringify(join(REPO_ROOT, 'lib/core/last-resort.js'))};
    ensureLastResort();
    cleanupOnCrash(async () => writeFileSync(${JSON.stringify(marker)}, 'removed'));
    ${how}
    setTimeout(() => {}, 10_000);
  `;
  const r = await execa(process.execPath, ['--input-type=module', '-e', script], {env: {VDIST_CACHE_DIR: dir}, reject: false, timeout: 30_000});
  return {...r, dir, cleaned: existsSync(marker)};
}

describe('the last-resort handler in a real process', () => {
  for (const [what, how] of [
    ['an uncaught exception', "setTimeout(() => { throw new Error('boom in a timer'); }, 10);"],
    ['an unhandled rejection', "Promise.reject(new Error('boom in a promise'));"],
  ] as const) {
    it(`${what}: one line naming the log, the stack only in the log, the cleanup run, exit 1`, async () => {
      const r = await crash(how);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^Error: vdist hit an internal error: boom in a (timer|promise)\nThe details are in (.+internal-error-\d+\.log)\. Please report it\.$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const log = /The details are in (.+)\. Please/.exec(r.stderr)![1]!;
      expect(log.startsWith(join(r.dir, 'logs'))).toBe(true);
      expect(readFileSync(log, 'utf8')).toMatch(/Error: boom in a (timer|promise)\n\s+at /);
      expect(r.cleaned).toBe(true);
    });
  }
});

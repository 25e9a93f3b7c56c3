import {spawn, type ChildProcess} from 'node:child_process';
import {openSync, closeSync} from 'node:fs';
import {execa} from 'execa';

/** A background daemon a test started, stopped by its PID. */
export interface Daemon {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Start `argv` in the background (output to `logFile`) and wait, bounded,
 * until `ready` (a command) succeeds. Throws with the log's tail otherwise.
 */
export async function startDaemon(argv: string[], ready: string[], opts: {logFile: string; env?: NodeJS.ProcessEnv; timeoutMs?: number}): Promise<Daemon> {
  const fd = openSync(opts.logFile, 'a');
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', fd, fd], env: opts.env ?? process.env, detached: false});
  closeSync(fd);
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const t = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const r = await execa(ready[0]!, ready.slice(1), {reject: false, timeout: 10_000, env: opts.env});
    if (r.exitCode === 0) return {pid, stop};
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  const log = await execa('tail', ['-n', '20', opts.logFile], {reject: false});
  throw new Error(`${argv[0]} did not become ready:\n${log.stdout}`);
}

/** Unmount whatever a daemon left mounted under `dir` (e.g. dockerd's netns), deepest first, so `dir` can be removed. */
export async function unmountUnder(dir: string): Promise<void> {
  const {readFile} = await import('node:fs/promises');
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await execa('umount', ['-l', m], {reject: false, timeout: 30_000});
}

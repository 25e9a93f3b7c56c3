import {readdir, readFile, readlink, stat} from 'node:fs/promises';
import {join} from 'node:path';

/**
 * How long an engine call may wait for a lock whose holder does nothing
 * (no CPU time, no I/O) before vdist gives up on it: a storage locked by a
 * hung process. A holder that works (another build committing a layer) is
 * waited for as long as the call's own bound allows.
 */
export const LOCK_GRACE_MS = 3000;
const POLL_MS = 500;

/** One lock of /proc/locks: its holder, the processes blocked on it, and its file's inode. */
export interface HeldLock {
  holder: number;
  waiters: number[];
  inode: number;
}

/** The lock an engine call is stuck on, for the error message. */
export interface StuckLock {
  holder: number;
  /** The holder's command line (cut). */
  command: string;
  /** The lock file, when the holder's open files tell it; else `inode N`. */
  file: string;
}

/**
 * Parses /proc/locks. A held lock is one line
 * (`1: POSIX  ADVISORY  WRITE 4567 08:01:131090 0 EOF`); each process
 * blocked on it follows as `1: -> POSIX  ADVISORY  WRITE 4590 08:01:131090 0 EOF`.
 */
export function parseProcLocks(text: string): HeldLock[] {
  const locks = new Map<string, HeldLock>();
  for (const line of text.split('\n')) {
    const m = /^(\d+):\s+(->\s+)?\S+\s+\S+\s+\S+\s+(-?\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/i.exec(line);
    if (!m) continue;
    const [, id, waiting, pid, inode] = m;
    if (!waiting) locks.set(id!, {holder: Number(pid), waiters: [], inode: Number(inode)});
    else locks.get(id!)?.waiters.push(Number(pid));
  }
  return [...locks.values()];
}

/** `pid` and its descendants (a `sudo podman`, rootless podman re-executing itself), a few levels deep. */
async function processTree(pid: number): Promise<Set<number>> {
  const all = new Set([pid]);
  let level = [pid];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: number[] = [];
    for (const p of level) {
      const tasks = await readdir(`/proc/${p}/task`).catch(() => [] as string[]);
      for (const t of tasks) {
        const children = await readFile(`/proc/${p}/task/${t}/children`, 'utf8').catch(() => '');
        for (const c of children.split(/\s+/).filter(Boolean).map(Number)) if (!all.has(c)) (all.add(c), next.push(c));
      }
    }
    level = next;
  }
  return all;
}

/**
 * The lock a process of `tree` is blocked on, following a chain of
 * holders that are themselves blocked to the one that is not.
 */
export function blockingLock(locks: readonly HeldLock[], tree: ReadonlySet<number>): HeldLock | undefined {
  let lock = locks.find((l) => l.waiters.some((w) => tree.has(w)));
  for (let hops = 0; lock && hops < 5; hops++) {
    const holder = lock.holder;
    const next = locks.find((l) => l.waiters.includes(holder));
    if (!next || next === lock) break;
    lock = next;
  }
  return lock;
}

/** CPU ticks and bytes read/written so far: unchanged means the process did nothing meanwhile. */
async function progress(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const io = await readFile(`/proc/${pid}/io`, 'utf8').catch(() => '');
  const bytes = /rchar: (\d+)[\s\S]*wchar: (\d+)/.exec(io);
  return `${fields[11]}/${fields[12]}/${bytes?.[1]}/${bytes?.[2]}`;
}

async function describe(lock: HeldLock): Promise<StuckLock> {
  const cmdline = await readFile(`/proc/${lock.holder}/cmdline`, 'utf8').catch(() => '');
  const command = cmdline.split('\0').filter(Boolean).join(' ');
  let file = `inode ${lock.inode}`;
  const fds = await readdir(`/proc/${lock.holder}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const path = join(`/proc/${lock.holder}/fd`, fd);
    if ((await stat(path).catch(() => undefined))?.ino === lock.inode) {
      file = await readlink(path).catch(() => file);
      break;
    }
  }
  return {holder: lock.holder, command: command.length > 100 ? `${command.slice(0, 97)}...` : command || '?', file};
}

/**
 * Watches the process `pid` (an engine call) and calls `onStuck` once it has
 * been blocked for `graceMs` on a file lock whose holder made no progress
 * meanwhile. Reads /proc; where there is none it never fires. Returns a
 * function that stops watching.
 */
export function watchForStuckLock(pid: number, onStuck: (lock: StuckLock) => void, graceMs = LOCK_GRACE_MS): () => void {
  let seen = '';
  let since = 0;
  let busy = false;
  let stopped = false;
  const check = async () => {
    const text = await readFile('/proc/locks', 'utf8').catch(() => '');
    const lock = text ? blockingLock(parseProcLocks(text), await processTree(pid)) : undefined;
    if (!lock) return void (seen = '');
    const state = `${lock.holder}:${lock.inode}:${await progress(lock.holder)}`;
    if (state !== seen) return void ((seen = state), (since = Date.now()));
    if (Date.now() - since < graceMs) return;
    clearInterval(timer);
    const stuck = await describe(lock);
    if (!stopped) onStuck(stuck);
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    check()
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, POLL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {EngineCommand} from '../../src/backends/engine-command.js';
import {cannotStartError} from '../../src/backends/engine-errors.js';
import {blockingLock, parseProcLocks} from '../../src/backends/lock-watch.js';

const LOCKS = `1: POSIX  ADVISORY  WRITE 100 08:01:555 0 EOF
1: -> POSIX  ADVISORY  WRITE 200 08:01:555 0 EOF
1: -> POSIX  ADVISORY  READ 300 08:01:555 0 EOF
2: FLOCK  ADVISORY  WRITE 300 00:1a:777 0 EOF
3: POSIX  ADVISORY  WRITE 400 fd:00:888 0 EOF
3: -> POSIX  ADVISORY  WRITE 100 fd:00:888 0 EOF
`;

describe('/proc/locks', () => {
  it('reads holders, the processes blocked on them, and inodes', () => {
    expect(parseProcLocks(LOCKS)).toEqual([
      {holder: 100, waiters: [200, 300], inode: 555},
      {holder: 300, waiters: [], inode: 777},
      {holder: 400, waiters: [100], inode: 888},
    ]);
  });

  it('follows a chain of blocked holders to the one that is not blocked', () => {
    const locks = parseProcLocks(LOCKS);
    expect(blockingLock(locks, new Set([200]))).toMatchObject({holder: 400, inode: 888});
    expect(blockingLock(locks, new Set([999]))).toBeUndefined();
  });
});

/** Python holding a POSIX write lock (as containers/storage takes it: fcntl, whole file) and doing nothing. */
const HOLD = 'import fcntl,sys,time; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(60)';
const TAKE = 'import fcntl,sys; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX); print("got it")';

describe.skipIf(!existsSync('/proc/locks'))('an engine call stuck behind a lock', () => {
  it('fails within a few seconds with ENGINE_LOCKED, naming the engine, the lock file and its holder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-lock-'));
    const file = join(dir, 'storage.lock');
    await writeFile(file, '');
    const holder = execa('python3', ['-c', HOLD, file], {reject: false});
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const started = Date.now();
      const error = await new EngineCommand('python3', {}).run(['-c', TAKE, file]).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(8000); // 3 s of grace, python starting twice on a loaded machine
      expect(error).toMatchObject({code: "ENGINE_LOCKED"});
      expect((error as Error).message).toMatch(new RegExp(`^the python3 storage is locked: .* a lock on ${file} held by process ${holder.pid} \\(\\S*python3 -c import fcntl`));
    } finally {
      holder.kill('SIGKILL');
      await holder;
      await rm(dir, {recursive: true, force: true});
    }
  }, 20_000);

  it('lets a call that waits on a working holder wait', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vdist-lock-'));
    const file = join(dir, 'storage.lock');
    await writeFile(file, '');
    // Holds the lock for 6 s while burning CPU: longer than the grace, but it is working.
    const busy = 'import fcntl,sys,time; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True)\nend=time.time()+6\nwhile time.time()<end: pass';
    const holder = execa('python3', ['-c', busy, file], {reject: false});
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const r = await new EngineCommand('python3', {}).run(['-c', TAKE, file]);
      expect(r.stdout).toBe('got it');
    } finally {
      holder.kill('SIGKILL');
      await holder;
      await rm(dir, {recursive: true, force: true});
    }
  }, 20_000);
});

describe('an engine whose runtime cannot start containers', () => {
  it('says so, naming the engine and what the runtime said', () => {
    const error = cannotStartError('podman', 'vdist-a-1', ['time="..." level=error msg="Removing container x"', 'Error: OCI runtime error: fakert: cannot start']);
    expect(error).toMatchObject({code: 'ENGINE_CANNOT_START'});
    expect(error!.message).toBe('the podman engine cannot start containers: its OCI runtime failed to start vdist-a-1: Error: OCI runtime error: fakert: cannot start');
    expect(cannotStartError('podman', 'vdist-a-1', ['Error: name is in use'])).toBeUndefined();
  });
});

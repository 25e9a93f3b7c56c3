import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {hostArch, MACHINE, type Arch} from '../arch.js';
import {UsageError} from '../errors.js';
import type {KnownProblem} from './known-problems.js';

/** Where the kernel's binfmt_misc handlers are listed. */
export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** The package that ships the qemu-user handlers and registers them with binfmt_misc. */
const QEMU_PACKAGES = 'apt-get install qemu-user-static binfmt-support';

/**
 * What stops containers of `arch` from running on this host: binfmt_misc not
 * mounted, no qemu handler for the arch, or one without the F (fix-binary)
 * flag, whose interpreter is looked up inside the container (where it is not)
 * instead of being opened once on the host. Empty for the host's own arch.
 */
export function emulationProblems(arch: Arch, options: {binfmtDir?: string; host?: Arch} = {}): KnownProblem[] {
  if (arch === (options.host ?? hostArch())) return [];
  const dir = options.binfmtDir ?? BINFMT_DIR;
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  if (read('status') === undefined) {
    return [{id: 'binfmt-not-mounted', problem: `binfmt_misc is not mounted at ${dir}: the kernel cannot hand ${arch} programs to qemu`, fix: `mount -t binfmt_misc binfmt_misc ${dir} (as root)`}];
  }
  const handler = `qemu-${MACHINE[arch]}`;
  const text = read(handler);
  if (text === undefined) {
    return [{id: 'qemu-not-registered', problem: `no ${handler} handler is registered with binfmt_misc`, fix: `${QEMU_PACKAGES}, then update-binfmts --enable ${handler}`}];
  }
  const problems: KnownProblem[] = [];
  if (!/^enabled$/m.test(text)) problems.push({id: 'qemu-disabled', problem: `the ${handler} handler is disabled`, fix: `update-binfmts --enable ${handler}`});
  const flags = /^flags:\s*(\S*)/m.exec(text)?.[1] ?? '';
  if (!flags.includes('F')) {
    problems.push({
      id: 'qemu-no-fix-binary',
      problem: `the ${handler} handler lacks the F (fix-binary) flag (flags: ${flags || 'none'}), so it cannot run inside containers`,
      fix: `${QEMU_PACKAGES} (its handlers carry F), then update-binfmts --disable ${handler} && update-binfmts --enable ${handler}`,
    });
  }
  return problems;
}

/**
 * Before any container starts: every foreign architecture the builds ask
 * for must be emulated, or the run stops here (exit 2) with the fixes.
 */
export function assertEmulation(arches: Iterable<Arch>, options: {binfmtDir?: string; host?: Arch} = {}): void {
  const problems = [...new Set(arches)].flatMap((arch) => emulationProblems(arch, options).map((p) => ({arch, ...p})));
  if (problems.length === 0) return;
  const foreign = [...new Set(problems.map((p) => p.arch))].join(', ');
  throw new UsageError(`cannot build for ${foreign} on this ${options.host ?? hostArch()} host: ${problems.map((p) => p.problem).join('; ')}`, {
    code: 'NO_EMULATION',
    suggestions: [...new Set(problems.map((p) => p.fix))],
  });
}

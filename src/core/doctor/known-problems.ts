import {accessSync, constants, readFileSync} from 'node:fs';
import {userInfo} from 'node:os';

/** A problem vdist knows, with the fix that cures it. */
export interface KnownProblem {
  id: string;
  problem: string;
  fix: string;
}

const CONTAINERS_CONF_HINT = 'point CONTAINERS_CONF at a containers.conf with';

/** Recognise known failures in an engine's error output. */
export function problemsInOutput(text: string): KnownProblem[] {
  const found: KnownProblem[] = [];
  if (/cgroups in hybrid mode not supported|crun:.*cgroup/i.test(text)) {
    found.push({
      id: 'crun-hybrid-cgroups',
      problem: 'crun fails on this kernel\'s hybrid cgroup layout',
      fix: `use runc: ${CONTAINERS_CONF_HINT} [engine] runtime = "runc"`,
    });
  }
  // runc says either `setrlimit ...: operation not permitted` or `error setting rlimit type 7: operation not permitted`.
  if (/(setrlimit|setting rlimits?).*(operation not permitted|EPERM)/i.test(text)) {
    found.push({
      id: 'setrlimit-eperm',
      problem: 'the engine asks for more open files/processes than this host allows (setrlimit: Operation not permitted)',
      fix: `${CONTAINERS_CONF_HINT} [containers] default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"] (docker: dockerd --default-ulimit nofile=1024:1024)`,
    });
  }
  if (/\/dev\/net\/tun|slirp4netns/i.test(text)) {
    found.push({
      id: 'rootless-no-tun',
      problem: 'rootless networking (slirp4netns) cannot open /dev/net/tun',
      fix: 'build with --network host (or [vdist] network = "host"), or give the user access to /dev/net/tun',
    });
  }
  return found;
}

/** Problems of rootless set-ups that show before anything runs. */
export function rootlessProblems(user = userInfo().username, files = {subuid: '/etc/subuid', subgid: '/etc/subgid', tun: '/dev/net/tun'}): KnownProblem[] {
  const found: KnownProblem[] = [];
  for (const kind of ['subuid', 'subgid'] as const) {
    let text = '';
    try {
      text = readFileSync(files[kind], 'utf8');
    } catch {
      text = '';
    }
    if (!text.split('\n').some((l) => l.split(':')[0] === user)) {
      found.push({id: `missing-${kind}`, problem: `no ${kind} range for ${user} in ${files[kind]}`, fix: `usermod --add-${kind}s 100000-165535 ${user} (as root), then podman system migrate`});
    }
  }
  try {
    accessSync(files.tun, constants.R_OK | constants.W_OK);
  } catch {
    found.push({
      id: 'rootless-no-tun',
      problem: `${files.tun} is not usable by ${user}: rootless containers cannot use the default network`,
      fix: 'build with --network host (or [vdist] network = "host")',
    });
  }
  return found;
}

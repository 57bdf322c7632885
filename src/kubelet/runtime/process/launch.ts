// The command line that turns a pod's container into a host process with the pod's
// namespaces: every step execs the next (nsenter → unshare → sh → setpriv → the workload),
// so the pid Node spawns is the workload's, its exit status is the container's, and the
// process is in its cgroup and mount namespace before the workload's first instruction.

import { shq } from './shell.js';
import { CHROOT, HOST_PATH, NSENTER, SETPRIV, SH, UNSHARE } from './tools.js';

export interface LaunchSpec {
  argv: string[];
  /** Network namespace to join (a pod's, or the one standing in for the host's). */
  netns?: string;
  /**
   * As root: a private mount namespace (and UTS one when `hostname` is set). Without root the
   * mount namespace belongs to a new user namespace that maps the user to root.
   */
  privileged: boolean;
  hostname?: string;
  /** Lines that set up mounts inside the private mount namespace. */
  mountLines: string[];
  /** chroot into this before exec (a shadowed `/`). */
  root?: string;
  workingDir: string;
  cgroupProcs: string[];
  runAsUser?: number;
  runAsGroup?: number;
}

/**
 * Written to fd 3 once the namespaces, mounts, root and working directory are in place (and
 * fd 3 closed so the workload does not inherit it): until then an exec could enter a
 * half-built container, and an exit means the set-up failed.
 */
export const READY_FD = 3;
const READY = `echo ready >&${READY_FD} && exec ${READY_FD}>&-`;
const RESTORE_PATH = 'PATH=$_k8ts_path; unset _k8ts_path';

/** [file, args] to spawn for a container's main process (with a pipe at READY_FD). */
export function containerCommand(s: LaunchSpec): [string, string[]] {
  // The set-up runs with the host's PATH; the workload gets the pod's back just before exec.
  const script = [`_k8ts_path=$PATH; PATH=${shq(HOST_PATH)}`, 'set -e', ...joinCgroups(s.cgroupProcs)];
  if (s.hostname) script.push(`hostname ${shq(s.hostname)}`);
  script.push(...s.mountLines);
  const user = asUser(s).map(shq);
  if (s.root) {
    // After chroot the working directory must be entered from inside the new root.
    script.push(RESTORE_PATH, ['exec', CHROOT, shq(s.root), SH, `-c 'cd "$0" && ${READY} && exec "$@"'`, shq(s.workingDir), ...user, '"$@"'].join(' '));
  } else {
    script.push(`cd ${shq(s.workingDir)}`, READY, RESTORE_PATH, ['exec', ...user, '"$@"'].join(' '));
  }
  const inner = [SH, '-c', script.join('\n'), 'k8ts-container', ...s.argv];
  const unshare = s.privileged
    ? [UNSHARE, '--mount', '--propagation', 'private', ...(s.hostname ? ['--uts'] : []), '--', ...inner]
    : // Mounting needs capabilities in the new user namespace, which only its root keeps across exec.
      [UNSHARE, '--user', '--map-root-user', '--mount', '--propagation', 'private', '--', ...inner];
  const full = s.netns ? [NSENTER, `--net=${s.netns}`, '--', ...unshare] : unshare;
  return [full[0]!, full.slice(1)];
}

export interface ExecSpec {
  /** The container's main process: its namespaces, root and working directory are entered. */
  pid: number;
  privileged: boolean;
  hostname: boolean;
  /** Taken inside the container's root, as its workingDir (not wherever its process has wandered). */
  workingDir: string;
  cgroupProcs: string[];
  runAsUser?: number;
  runAsGroup?: number;
  cmd: string[];
}

/** [file, args] to spawn for a command run inside a running container. */
export function execCommand(s: ExecSpec): [string, string[]] {
  const ns = s.privileged
    ? ['-n', '-m', ...(s.hostname ? ['-u'] : []), '-r', `--wdns=${s.workingDir}`]
    : ['-U', '--preserve-credentials', '-m', '-r', `--wdns=${s.workingDir}`]; // the namespace's map has no groups to set
  const argv = [NSENTER, '-t', String(s.pid), ...ns, '--', ...asUser(s), ...s.cmd];
  if (!s.cgroupProcs.length) return [argv[0]!, argv.slice(1)];
  const script = ['set -e', ...joinCgroups(s.cgroupProcs), 'exec "$@"'].join('\n');
  return [SH, ['-c', script, 'k8ts-exec', ...argv]];
}

function joinCgroups(files: string[]): string[] {
  return files.map((f) => `echo $$ > ${shq(f)}`);
}

/** setpriv drops to the pod's user before exec; without runAsUser the process stays root. */
function asUser(s: { runAsUser?: number; runAsGroup?: number }): string[] {
  if (s.runAsUser === undefined && s.runAsGroup === undefined) return [];
  const args = [SETPRIV];
  if (s.runAsUser !== undefined) args.push(`--reuid=${s.runAsUser}`);
  args.push(`--regid=${s.runAsGroup ?? 0}`, '--clear-groups', '--');
  return args;
}

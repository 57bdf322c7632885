// Where the host mounts its cgroup hierarchies, read from /proc/self/mountinfo: a unified
// cgroup2 at /sys/fs/cgroup (v2), or one v1 hierarchy per controller set (possibly combined,
// as `cpu,cpuacct`); hybrid hosts have both, and then the v1 controllers are the ones in use.

export interface CgroupMounts {
  /** Mount point of the cgroup2 hierarchy when it is the host's main one. */
  unified?: string;
  /** v1 controller → mount point. */
  v1: Map<string, string>;
}

export function parseCgroupMounts(mountinfo: string): CgroupMounts {
  const v1 = new Map<string, string>();
  let cgroup2: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const mountPoint = unescapeMountPath(line.slice(0, sep).split(' ')[4] ?? '');
    const [fsType, , superOptions = ''] = line.slice(sep + 3).split(' ');
    if (fsType === 'cgroup2') cgroup2 ??= mountPoint;
    if (fsType !== 'cgroup') continue;
    for (const opt of superOptions.split(',')) {
      if (opt === 'rw' || opt === 'ro' || opt.includes('=')) continue;
      if (!v1.has(opt)) v1.set(opt, mountPoint);
    }
  }
  // A hybrid host's cgroup2 (e.g. /sys/fs/cgroup/unified) carries no controllers we use.
  const unified = v1.has('memory') ? undefined : cgroup2;
  return { unified, v1 };
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

// What the process runtime needs from a cgroup hierarchy, whichever version the host mounts.

export interface CgroupLimits {
  /** Bytes; 0 = unlimited. */
  memoryLimitBytes: number;
  /** CFS quota and period in microseconds; quota 0 = unlimited. */
  cpuQuota: number;
  cpuPeriod: number;
  /** v1 cpu.shares (2..262144); 0 = leave the default. */
  cpuShares: number;
}

export interface Cgroups {
  readonly version: 1 | 2;
  /** Creates `path` (cgroupfs-relative, e.g. `/k8ts/pod<uid>/<id>`) and writes the limits. */
  create(path: string, limits: CgroupLimits): Promise<void>;
  /** The `cgroup.procs` files a process writes its own pid into to join `path` (one per hierarchy). */
  procsFiles(path: string): string[];
  /** Pids currently in `path` (a leaf), or [] when it does not exist. */
  pids(path: string): Promise<number[]>;
  /** Whether the kernel's OOM killer has killed a process of `path`. */
  oomKilled(path: string): Promise<boolean>;
  /** SIGKILLs what is left in `path`, waits for it to be gone, and removes the directories; tolerant of absence. */
  remove(path: string): Promise<void>;
  /** Removes the directories of a parent (a pod's cgroup) if nothing is left in them; never kills. */
  removeEmpty(path: string): Promise<void>;
}

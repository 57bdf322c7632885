// cgroup v1 (also the hybrid layout, where the v1 controllers do the work): the container
// gets a directory of the same path under each of the memory, cpu, cpuacct and pids
// hierarchies, wherever the host mounted them (separately or combined).

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { oomKillCount } from './convert.js';
import { drainAndRemove, makeDir, readPids, removeDir, safe, writeValue } from './fs.js';
import type { CgroupLimits, Cgroups } from './types.js';

const CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids'] as const;

export class CgroupsV1 implements Cgroups {
  readonly version = 1;
  private readonly memory: string;
  private readonly cpu: string | undefined;
  /** One mount point per hierarchy, so a combined `cpu,cpuacct` is joined once. */
  private readonly hierarchies: string[];

  constructor(mounts: Map<string, string>) {
    const memory = mounts.get('memory');
    if (!memory) throw new Error('cgroup v1: the memory controller is not mounted');
    this.memory = memory;
    this.cpu = mounts.get('cpu');
    this.hierarchies = [...new Set(CONTROLLERS.map((c) => mounts.get(c)).filter((m): m is string => !!m))];
  }

  async create(cgPath: string, limits: CgroupLimits): Promise<void> {
    for (const h of this.hierarchies) await makeDir(this.dir(h, cgPath));
    if (limits.memoryLimitBytes > 0) await writeValue(path.join(this.dir(this.memory, cgPath), 'memory.limit_in_bytes'), limits.memoryLimitBytes);
    if (this.cpu) {
      const cpuDir = this.dir(this.cpu, cgPath);
      if (limits.cpuPeriod > 0) await writeValue(path.join(cpuDir, 'cpu.cfs_period_us'), limits.cpuPeriod);
      if (limits.cpuQuota > 0) await writeValue(path.join(cpuDir, 'cpu.cfs_quota_us'), limits.cpuQuota);
      if (limits.cpuShares > 0) await writeValue(path.join(cpuDir, 'cpu.shares'), limits.cpuShares);
    }
  }

  procsFiles(cgPath: string): string[] {
    return this.hierarchies.map((h) => path.join(this.dir(h, cgPath), 'cgroup.procs'));
  }

  pids(cgPath: string): Promise<number[]> {
    return readPids(this.dir(this.memory, cgPath));
  }

  async oomKilled(cgPath: string): Promise<boolean> {
    try {
      return oomKillCount(await readFile(path.join(this.dir(this.memory, cgPath), 'memory.oom_control'), 'utf8')) > 0;
    } catch {
      return false;
    }
  }

  async remove(cgPath: string): Promise<void> {
    for (const h of this.hierarchies) await drainAndRemove(this.dir(h, safe(cgPath)));
  }

  async removeEmpty(cgPath: string): Promise<void> {
    for (const h of this.hierarchies) await removeDir(this.dir(h, safe(cgPath)));
  }

  private dir(mount: string, cgPath: string): string {
    return path.join(mount, cgPath);
  }
}

// cgroup v2 (unified): one directory per container; the memory, cpu and pids controllers
// must first be enabled in every ancestor's cgroup.subtree_control.

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { cpuMax, oomKillCount, sharesToWeight } from './convert.js';
import { drainAndRemove, makeDir, readPids, removeDir, safe, writeValue } from './fs.js';
import type { CgroupLimits, Cgroups } from './types.js';

const CONTROLLERS = ['memory', 'cpu', 'pids'];

export class CgroupsV2 implements Cgroups {
  readonly version = 2;

  constructor(private readonly mount: string) {}

  async create(cgPath: string, limits: CgroupLimits): Promise<void> {
    await this.enableControllersDownTo(cgPath);
    const dir = this.dir(cgPath);
    await makeDir(dir);
    if (limits.memoryLimitBytes > 0) await writeValue(path.join(dir, 'memory.max'), limits.memoryLimitBytes);
    if (limits.cpuQuota > 0) await writeValue(path.join(dir, 'cpu.max'), cpuMax(limits.cpuQuota, limits.cpuPeriod));
    if (limits.cpuShares > 0) await writeValue(path.join(dir, 'cpu.weight'), sharesToWeight(limits.cpuShares));
  }

  procsFiles(cgPath: string): string[] {
    return [path.join(this.dir(cgPath), 'cgroup.procs')];
  }

  pids(cgPath: string): Promise<number[]> {
    return readPids(this.dir(cgPath));
  }

  async oomKilled(cgPath: string): Promise<boolean> {
    try {
      return oomKillCount(await readFile(path.join(this.dir(cgPath), 'memory.events'), 'utf8')) > 0;
    } catch {
      return false;
    }
  }

  async remove(cgPath: string): Promise<void> {
    return drainAndRemove(this.dir(safe(cgPath)));
  }

  /** The "no internal processes" rule allows this on every ancestor of a leaf we create. */
  private async enableControllersDownTo(cgPath: string): Promise<void> {
    const parts = cgPath.split('/').filter(Boolean);
    let dir = this.mount;
    for (const part of parts.slice(0, -1).concat([''])) {
      const available = (await readFile(path.join(dir, 'cgroup.controllers'), 'utf8')).split(/\s+/);
      const wanted = CONTROLLERS.filter((c) => available.includes(c)).map((c) => `+${c}`).join(' ');
      if (wanted) await writeValue(path.join(dir, 'cgroup.subtree_control'), wanted);
      if (!part) break;
      dir = path.join(dir, part);
      await makeDir(dir);
    }
  }

  async removeEmpty(cgPath: string): Promise<void> {
    return removeDir(this.dir(safe(cgPath)));
  }

  private dir(cgPath: string): string {
    return path.join(this.mount, cgPath);
  }
}

// Public surface of the cgroup support: detect the host's layout and get the right manager.

import { readFileSync } from 'node:fs';
import { parseCgroupMounts } from './mounts.js';
import { CgroupsV1 } from './v1.js';
import { CgroupsV2 } from './v2.js';
import type { Cgroups } from './types.js';

export type { CgroupLimits, Cgroups } from './types.js';
export { parseCgroupMounts, type CgroupMounts } from './mounts.js';
export { cpuMax, oomKillCount, sharesToWeight } from './convert.js';

/** The manager for this host's cgroups, or undefined when none we can use is mounted. */
export function detectCgroups(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): Cgroups | undefined {
  const mounts = parseCgroupMounts(mountinfo);
  if (mounts.unified) return new CgroupsV2(mounts.unified);
  if (mounts.v1.has('memory')) return new CgroupsV1(mounts.v1);
  return undefined;
}

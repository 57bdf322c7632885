// What the runtime records about each sandbox and container, and the clean-up of a previous
// run's records: its processes are orphans nobody can attach to, so they are killed, and
// their cgroups, network namespaces (after a CNI DEL) and staging directories are removed.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Cgroups } from '../../cgroups/index.js';
import { logger } from '../../../machinery/log.js';
import type { SandboxConfig } from '../types.js';
import { processStartTime, type RecordDir } from './records.js';
import type { SandboxNetworks } from './sandbox-network.js';

const log = logger('process-runtime');

export interface SandboxRecord {
  id: string;
  config: SandboxConfig;
  netns?: string;
  cniResult?: Record<string, unknown>;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  cgroupPath?: string;
  pid?: number;
  /** /proc/<pid>/stat start time, so a reused pid is not killed. */
  pidStart?: string;
  stagingRoot?: string;
}

export interface Leftovers {
  sandboxes: RecordDir<SandboxRecord>;
  containers: RecordDir<ContainerRecord>;
  cgroups: Cgroups | undefined;
  networks: SandboxNetworks;
  stateDir: string;
}

export async function clearLeftovers(l: Leftovers): Promise<void> {
  for (const c of l.containers.all()) {
    if (c.pid && c.pidStart && processStartTime(c.pid) === c.pidStart) {
      try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    try {
      if (l.cgroups && c.cgroupPath) await l.cgroups.remove(c.cgroupPath);
      if (c.stagingRoot) await rm(c.stagingRoot, { recursive: true, force: true });
      await l.containers.delete(c.id);
      log.info('removed a container left by an earlier run', { id: c.id });
    } catch (e) {
      log.warn('could not clear a leftover container', { id: c.id, error: String(e) });
    }
  }
  for (const s of l.sandboxes.all()) {
    try {
      await l.networks.tearDown(s.id, { ip: '', netns: s.netns, cniResult: s.cniResult }, s.config);
      if (l.cgroups) await l.cgroups.removeEmpty(s.config.cgroupParent);
      await rm(path.join(l.stateDir, 'pods', s.id), { recursive: true, force: true });
      await l.sandboxes.delete(s.id);
      log.info('removed a pod sandbox left by an earlier run', { id: s.id });
    } catch (e) {
      log.warn('could not clear a leftover pod sandbox', { id: s.id, error: String(e) });
    }
  }
}

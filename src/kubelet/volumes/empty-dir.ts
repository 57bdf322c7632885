// emptyDir volumes: a directory that lives as long as the pod, world-writable (0777) as
// upstream makes it; with `medium: Memory`, a tmpfs sized like upstream's
// calculateEmptyDirMemorySize — the smallest of the node's allocatable memory, the pod's
// memory limit and the volume's sizeLimit.

import { chmod, mkdir } from 'node:fs/promises';
import type { Container, Pod, ResourceList } from '../../api/core/types.js';
import { parseQuantity } from '../../machinery/quantity.js';
import { isMountPoint, mountTmpfs } from './mounts.js';

function bytes(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  const v = parseQuantity(String(q)).value();
  return v > 0 ? v : undefined;
}

/** The pod's memory limit when every container has one (else the pod is unbounded). */
function podMemoryLimit(pod: Pod): number | undefined {
  const limit = (c: Container) => bytes(c.resources?.limits?.memory);
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const all = [...containers, ...inits].map(limit);
  if (all.length === 0 || all.some((l) => l === undefined)) return undefined;
  const sum = containers.reduce((n, c) => n + limit(c)!, 0);
  return Math.max(sum, ...inits.map((c) => limit(c)!));
}

export function memoryVolumeSize(pod: Pod, sizeLimit: string | undefined, allocatable: ResourceList): number | undefined {
  const candidates = [bytes(allocatable.memory), podMemoryLimit(pod), bytes(sizeLimit)].filter((n): n is number => n !== undefined);
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/**
 * Creates the directory (idempotent); with `memorySize`, mounts a tmpfs of that size on it
 * unless one is there already (the size is only worked out then).
 */
export async function setUpEmptyDir(dir: string, memorySize?: () => Promise<number | undefined>): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (memorySize && !(await isMountPoint(dir))) await mountTmpfs(dir, await memorySize());
  await chmod(dir, 0o777);
}

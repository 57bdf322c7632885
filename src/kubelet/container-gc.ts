// Removing what a pod no longer needs from the runtime (kuberuntime_gc.go, per pod): of each
// container, the newest instance and the newest exited one stay (the latter serves
// `kubectl logs --previous` until a newer instance has exited); older exited instances go with
// their log files, and so do dead sandboxes left with no containers.

import { rm } from 'node:fs/promises';
import type { Runtime } from './runtime/types.js';
import type { PodRuntimeState } from './pod-runtime.js';

export async function collectGarbage(runtime: Runtime, state: PodRuntimeState): Promise<void> {
  const kept = new Set<string>();
  const byName = new Map<string, typeof state.containers>();
  for (const c of state.containers) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  for (const instances of byName.values()) {
    kept.add(instances[0].id);
    const lastExited = instances.find((c) => c.state === 'EXITED');
    if (lastExited) kept.add(lastExited.id);
  }
  for (const c of state.containers) {
    if (c.state !== 'EXITED' || kept.has(c.id)) continue;
    // The kubelet removes a container's log itself, as upstream's removeContainerLog does.
    if (c.logPath) await rm(c.logPath, { force: true });
    await runtime.removeContainer(c.id);
  }
  const inUse = new Set(state.containers.filter((c) => kept.has(c.id) || c.state !== 'EXITED').map((c) => c.sandboxId));
  for (const s of state.sandboxes.slice(1)) if (s.state === 'NOTREADY' && !inUse.has(s.id)) await runtime.removePodSandbox(s.id);
}

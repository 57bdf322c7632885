// What the runtime holds of one pod, read back through the Runtime interface (upstream's
// kubecontainer.PodStatus): its sandboxes and containers, newest first, found by the pod uid
// label every sandbox carries.

import type { ContainerStatus, Runtime, SandboxStatus } from './runtime/types.js';

export interface PodRuntimeState {
  uid: string;
  /** Newest first; the first READY one is the pod's current sandbox. */
  sandboxes: SandboxStatus[];
  /** Every container of every sandbox of the pod, newest first. */
  containers: ContainerStatus[];
}

/** Attempts order sandboxes and instances of one container even when created in the same millisecond. */
const byNewest = <T extends { attempt: number; createdAt: number }>(a: T, b: T) => b.attempt - a.attempt || b.createdAt - a.createdAt;

/** Lists only this pod's sandboxes and containers, then asks for the details of each: a pod's sync costs the same however many pods the node runs. */
export async function podRuntimeState(runtime: Runtime, uid: string): Promise<PodRuntimeState> {
  const found = await runtime.listPodSandboxes({ uid });
  const [sandboxes, lists] = await Promise.all([
    Promise.all(found.map((s) => runtime.podSandboxStatus(s.id))),
    Promise.all(found.map(async (s) => Promise.all((await runtime.listContainers({ sandboxId: s.id })).map((c) => runtime.containerStatus(c.id))))),
  ]);
  // Whatever was removed between the list and its status is gone: leave it out.
  const present = <T>(x: T | undefined): x is T => x !== undefined;
  return { uid, sandboxes: sandboxes.filter(present).sort(byNewest), containers: lists.flat().filter(present).sort(byNewest) };
}

/** The sandbox containers are started in: the newest, when it is READY. */
export function currentSandbox(state: PodRuntimeState): SandboxStatus | undefined {
  const newest = state.sandboxes[0];
  return newest?.state === 'READY' ? newest : undefined;
}

/** The instances of container `name`, newest first. */
export function instancesOf(state: PodRuntimeState, name: string): ContainerStatus[] {
  return state.containers.filter((c) => c.name === name);
}

export function isEmpty(state: PodRuntimeState): boolean {
  return state.sandboxes.length === 0 && state.containers.length === 0;
}

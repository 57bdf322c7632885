// What the runtime holds of one pod, read back through the Runtime interface (upstream's
// kubecontainer.PodStatus): its sandboxes and containers, newest first, found by the pod uid
// label every sandbox carries.

import type { ContainerStatus, Runtime, SandboxStatus } from './runtime/types.js';
import { POD_UID_LABEL } from './runtime/types.js';

export interface PodRuntimeState {
  uid: string;
  /** Newest first; the first READY one is the pod's current sandbox. */
  sandboxes: SandboxStatus[];
  /** Every container of every sandbox of the pod, newest first. */
  containers: ContainerStatus[];
}

/** Attempts order sandboxes and instances of one container even when created in the same millisecond. */
const byNewest = <T extends { attempt: number; createdAt: number }>(a: T, b: T) => b.attempt - a.attempt || b.createdAt - a.createdAt;

export function sandboxUid(s: SandboxStatus): string {
  return s.labels[POD_UID_LABEL] ?? s.uid;
}

export async function podRuntimeState(runtime: Runtime, uid: string): Promise<PodRuntimeState> {
  const sandboxes = (await runtime.listPodSandboxes()).filter((s) => sandboxUid(s) === uid).sort(byNewest);
  const lists = await Promise.all(sandboxes.map((s) => runtime.listContainers({ sandboxId: s.id })));
  return { uid, sandboxes, containers: lists.flat().sort(byNewest) };
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

// Stopping containers and pods (kuberuntime_container.go's killContainer, killPodWithSyncResult):
// a Killing event, the preStop hook within the grace period, then SIGTERM with what is left of
// it (at least 2 s) before SIGKILL; a pod's containers stop together, then its sandboxes.

import { rm } from 'node:fs/promises';
import type { Container, Pod } from '../api/core/types.js';
import type { KubeletContext } from './kubelet-context.js';
import { runHook } from './lifecycle-hooks.js';
import type { PodRuntimeState } from './pod-runtime.js';
import type { ContainerStatus } from './runtime/types.js';
import { podLogDirectory } from './sandbox-config.js';

/** Upstream's minimumGracePeriodInSeconds: even a forced kill gives SIGTERM this long. */
const MIN_GRACE_SECONDS = 2;

export interface KillRequest {
  /** The pod as last known (events go to it; its spec has the hooks); absent for a pod nobody knows. */
  pod?: Pod;
  gracePeriodSeconds: number;
  /** The Killing event's message; default `Stopping container <name>`. */
  message?: string;
  runPreStop: boolean;
}

function specOf(pod: Pod | undefined, name: string): Container | undefined {
  const spec = pod?.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find((c) => c.name === name);
}

export async function killContainer(ctx: KubeletContext, c: ContainerStatus, req: KillRequest, podIP?: string): Promise<void> {
  const { pod } = req;
  if (pod) ctx.recorder.event(pod, 'Normal', 'Killing', req.message ?? `Stopping container ${c.name}`);
  const started = Date.now();
  const spec = specOf(pod, c.name);
  const preStop = spec?.lifecycle?.preStop;
  if (pod && spec && preStop && req.runPreStop && req.gracePeriodSeconds > 0) {
    const failure = await runHook(ctx.runtime, preStop, { pod, container: spec, containerId: c.id, podIP }, req.gracePeriodSeconds);
    if (failure !== undefined) ctx.recorder.event(pod, 'Warning', 'FailedPreStopHook', failure);
  }
  const left = req.gracePeriodSeconds - Math.floor((Date.now() - started) / 1000);
  await ctx.runtime.stopContainer(c.id, Math.max(left, MIN_GRACE_SECONDS));
}

/** Stops every running container of the pod at once, then its sandboxes. */
export async function killPod(ctx: KubeletContext, state: PodRuntimeState, req: KillRequest): Promise<void> {
  const podIP = state.sandboxes.find((s) => s.state === 'READY')?.ip;
  const running = state.containers.filter((c) => c.state === 'RUNNING' || c.state === 'CREATED');
  await Promise.all(running.map((c) => killContainer(ctx, c, req, podIP)));
  for (const s of state.sandboxes) if (s.state === 'READY') await ctx.runtime.stopPodSandbox(s.id);
}

/** Removes the pod's sandboxes (and their containers) from the runtime, and its container logs. */
export async function removePod(ctx: KubeletContext, state: PodRuntimeState): Promise<void> {
  for (const c of state.containers) if (c.state === 'RUNNING') await ctx.runtime.stopContainer(c.id, MIN_GRACE_SECONDS);
  for (const s of state.sandboxes) {
    await ctx.runtime.stopPodSandbox(s.id);
    await ctx.runtime.removePodSandbox(s.id);
    await rm(podLogDirectory(ctx.sandbox.podLogDir, s.namespace, s.name, s.uid), { recursive: true, force: true });
  }
}

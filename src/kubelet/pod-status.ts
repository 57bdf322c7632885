// The whole status the kubelet reports for a pod (generateAPIPodStatus): phase, its
// conditions, IPs, startTime and container statuses; merged over what the API holds so the
// fields others own (PodScheduled, qosClass, nominatedNodeName, …) are kept.

import type { PodCondition, PodStatus } from '../api/core/types.js';
import { containerStatuses, type ApiContainerStatus, type ContainerStatusInputs } from './container-statuses.js';
import { KUBELET_CONDITIONS, podConditions, type ApiPodCondition } from './pod-conditions.js';
import { isTerminalPhase, podPhase, type PodPhase } from './pod-phase.js';
import { currentSandbox } from './pod-runtime.js';

export interface PodStatusInputs extends ContainerStatusInputs {
  hostIP: string;
  /** The pod is being shut down for good: what stopped stays stopped. */
  podIsTerminal: boolean;
  now: string;
}

export interface KubeletPodStatus {
  phase: PodPhase;
  /** Why a pod the kubelet failed itself failed (DeadlineExceeded). */
  reason?: string;
  message?: string;
  conditions: ApiPodCondition[];
  hostIP: string;
  hostIPs: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime: string;
  containerStatuses: ApiContainerStatus[];
  initContainerStatuses?: ApiContainerStatus[];
}

export function generatePodStatus(inputs: PodStatusInputs): KubeletPodStatus {
  const { pod, state, hostIP, now } = inputs;
  const { init, app } = containerStatuses(inputs);
  const phase = podPhase(pod, init, app, inputs.podIsTerminal);
  const sandbox = currentSandbox(state);
  const old = pod.status ?? {};
  // After the sandbox is gone (a finished pod), the address it had is still reported.
  const podIP = sandbox?.ip ?? (pod.spec?.hostNetwork ? hostIP : old.podIP);
  return {
    phase,
    conditions: podConditions(pod, init, app, phase, sandbox !== undefined, now),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: now,
    containerStatuses: app,
    ...(init.length ? { initContainerStatuses: init } : {}),
  };
}

/**
 * `current` (what the API holds) with the kubelet's fields replaced, as the status manager
 * does it: conditions of others are kept, ours keep their transition time while their status
 * is unchanged, startTime is set once, and a terminal phase is never left again.
 */
export function mergePodStatus(current: PodStatus | undefined, ours: KubeletPodStatus): PodStatus {
  const old = current ?? {};
  const oldConditions = (old.conditions ?? []) as (PodCondition & { lastTransitionTime?: string })[];
  const conditions = ours.conditions.map((c) => {
    const prev = oldConditions.find((o) => o.type === c.type);
    return prev?.status === c.status && prev.lastTransitionTime ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  });
  const theirs = oldConditions.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const startTime = (old.startTime as string | undefined) ?? ours.startTime;
  const merged = { ...old, ...ours, startTime, conditions: [...conditions, ...theirs] } as PodStatus;
  if (!ours.initContainerStatuses) delete merged.initContainerStatuses;
  if (isTerminalPhase(old.phase) && !isTerminalPhase(ours.phase)) merged.phase = old.phase;
  return merged;
}

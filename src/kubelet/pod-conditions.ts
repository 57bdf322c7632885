// The pod conditions the kubelet owns, as upstream's status generators (pkg/kubelet/status):
// PodReadyToStartContainers, Initialized, ContainersReady and Ready with their reasons and
// messages, and PodScheduled=True (a pod the kubelet sees has been scheduled, even one created
// with nodeName set). Transition times are `now` here; pod-status.ts keeps the API's while a
// condition's status does not change.

import type { Pod } from '../api/core/types.js';
import type { ApiContainerStatus } from './container-statuses.js';
import { initDone } from './container-statuses.js';
import type { PodPhase } from './pod-phase.js';

export interface ApiPodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

/** The conditions this file computes; others (DisruptionTarget, readiness gates') belong to someone else. */
export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled'];

type Bare = Omit<ApiPodCondition, 'lastProbeTime' | 'lastTransitionTime'>;

const list = (names: string[]) => `[${names.join(' ')}]`;

function initialized(pod: Pod, init: readonly ApiContainerStatus[], phase: PodPhase): Bare {
  const specs = pod.spec?.initContainers ?? [];
  const incomplete = specs.filter((s, i) => !initDone([init[i]], [s])).map((s) => s.name ?? '');
  if (incomplete.length === 0) return { type: 'Initialized', status: 'True', ...(phase === 'Succeeded' && specs.length ? { reason: 'PodCompleted' } : {}) };
  if (phase === 'Succeeded') return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${list(incomplete)}` };
}

function containersReady(app: readonly ApiContainerStatus[], init: readonly ApiContainerStatus[], pod: Pod, phase: PodPhase): Bare {
  if (phase === 'Succeeded') return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  const sidecars = (pod.spec?.initContainers ?? []).map((s, i) => (s.restartPolicy === 'Always' ? init[i] : undefined)).filter((s) => s !== undefined);
  const unready = [...sidecars, ...app].filter((s) => !s.ready).map((s) => s.name);
  if (unready.length === 0) return { type: 'ContainersReady', status: 'True' };
  return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${list(unready)}` };
}

/** Ready: ContainersReady, and every readiness gate's condition True. */
function ready(pod: Pod, cr: Bare): Bare {
  if (cr.status !== 'True') return { ...cr, type: 'Ready' };
  const conditions = pod.status?.conditions ?? [];
  const problems = (pod.spec?.readinessGates ?? []).flatMap((g) => {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) return [`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`];
    return c.status === 'True' ? [] : [`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`];
  });
  if (problems.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: problems.join(', ') };
  return { type: 'Ready', status: 'True' };
}

export function podConditions(
  pod: Pod,
  init: readonly ApiContainerStatus[],
  app: readonly ApiContainerStatus[],
  phase: PodPhase,
  sandboxReady: boolean,
  now: string,
): ApiPodCondition[] {
  const cr = containersReady(app, init, pod, phase);
  const bare: Bare[] = [
    { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' },
    initialized(pod, init, phase),
    cr,
    ready(pod, cr),
    { type: 'PodScheduled', status: 'True' },
  ];
  return bare.map((c) => ({ ...c, lastProbeTime: null, lastTransitionTime: now }));
}

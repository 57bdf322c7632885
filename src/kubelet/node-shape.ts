// What every kubelet's Node and Lease share, real or simulated, shaped as upstream's
// (kubelet_node_status.go's initialNode and setters, the node lease controller): the
// well-known labels, the four conditions with upstream's reasons and messages, and a Lease
// owned by its Node.

import type { Lease } from '../api/coordination/lease.js';
import { microTimeRFC3339, nowRFC3339 } from '../machinery/time.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

/** The labels a kubelet puts on its Node (and their beta twins, which clients still read). */
export function wellKnownNodeLabels(nodeName: string, arch: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
  };
}

export interface NodeCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

type BareCondition = Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>;

/** What a healthy kubelet reports (setters.go's MemoryPressureCondition & co.). */
const HEALTHY: readonly BareCondition[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** The conditions to report: healthy, or Ready=False with `notReadyMessage` (setters.go's ReadyCondition). */
function desired(notReadyMessage?: string): BareCondition[] {
  if (notReadyMessage === undefined) return [...HEALTHY];
  return HEALTHY.map((c) => (c.type === 'Ready' ? { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: notReadyMessage } : c));
}

/**
 * The conditions, heartbeat now. A condition whose status is unchanged from `current` keeps
 * its lastTransitionTime; one that changes (say Ready back from Unknown) gets now.
 */
export function nodeConditions(current: readonly Partial<NodeCondition>[] = [], now = nowRFC3339(), notReadyMessage?: string): NodeCondition[] {
  return desired(notReadyMessage).map((c) => {
    const old = current.find((o) => o.type === c.type);
    const lastTransitionTime = old?.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime };
  });
}

/** Whether `current` reports anything else than what is to be reported (the status must be posted at once). */
export function conditionsDiffer(current: readonly Partial<NodeCondition>[] = [], notReadyMessage?: string): boolean {
  return desired(notReadyMessage).some((c) => {
    const old = current.find((o) => o.type === c.type);
    return old?.status !== c.status || old.reason !== c.reason || old.message !== c.message;
  });
}

/** The node's Lease, owned by the Node so it goes when the Node does (as the kubelet's). */
export function leaseObject(nodeName: string, nodeUid: string | undefined): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] : undefined,
    },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTimeRFC3339() },
  };
}

// The Node and Lease a simulated kubelet registers, shaped as the real kubelet's
// (kubelet_node_status.go's initialNode and setters.go): well-known labels, capacity,
// addresses, nodeInfo, the four conditions with upstream's reasons and messages.

import { createHash } from 'node:crypto';
import type { Lease } from '../../api/coordination/lease.js';
import type { Node } from '../../api/core/nodes.js';
import { microTimeRFC3339, nowRFC3339 } from '../../machinery/time.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
export const KUBELET_VERSION = 'v1.32.0-k8ts-sim';
export const RUNTIME_VERSION = 'simulated://1.0';
const KUBELET_PORT = 10250;

export interface NodeCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** What a healthy kubelet reports (setters.go's MemoryPressureCondition & co.). */
const HEALTHY: ReadonlyArray<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * The healthy conditions, heartbeat now. A condition whose status is unchanged from
 * `current` keeps its lastTransitionTime; one that changes (say Ready back from Unknown) gets now.
 */
export function healthyConditions(current: readonly Partial<NodeCondition>[] = [], now = nowRFC3339()): NodeCondition[] {
  return HEALTHY.map((c) => {
    const old = current.find((o) => o.type === c.type);
    const lastTransitionTime = old?.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime };
  });
}

/** Whether `current` reports anything but healthy (the status must be posted at once). */
export function conditionsDiffer(current: readonly Partial<NodeCondition>[] = []): boolean {
  return HEALTHY.some((c) => current.find((o) => o.type === c.type)?.status !== c.status);
}

export interface NodeSpec {
  name: string;
  internalIP: string;
  capacity: Record<string, string>;
  labels: Record<string, string>;
}

/** A stable fake id for `name` (machineID, systemUUID, bootID). */
function fakeId(name: string, salt: string): string {
  return createHash('sha256').update(`${salt}/${name}`).digest('hex').slice(0, 32);
}

export function nodeObject(s: NodeSpec): Node {
  const id = fakeId(s.name, 'machine');
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: s.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': s.name,
        'kubernetes.io/os': 'linux',
        type: 'simulated',
        ...s.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {},
    status: nodeStatus(s, uuid, id),
  };
}

function nodeStatus(s: NodeSpec, systemUUID: string, machineID: string): NonNullable<Node['status']> {
  // Every field of NodeSystemInfo: the python client refuses a node whose nodeInfo lacks one.
  const nodeInfo: Record<string, string> = {
    machineID,
    systemUUID,
    bootID: fakeId(s.name, 'boot'),
    kernelVersion: '6.1.0-k8ts-sim',
    osImage: 'k8ts simulated node',
    containerRuntimeVersion: RUNTIME_VERSION,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
  return {
    capacity: { ...s.capacity },
    allocatable: { ...s.capacity },
    conditions: healthyConditions(),
    addresses: [
      { type: 'InternalIP', address: s.internalIP },
      { type: 'Hostname', address: s.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo,
  };
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

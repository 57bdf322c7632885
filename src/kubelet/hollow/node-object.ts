// The Node a simulated kubelet registers, shaped as the real kubelet's
// (kubelet_node_status.go's initialNode and setters.go): well-known labels, capacity,
// addresses, nodeInfo, and the conditions every kubelet reports (../node-shape.ts).

import { createHash } from 'node:crypto';
import type { Node } from '../../api/core/nodes.js';
import { nodeConditions, wellKnownNodeLabels } from '../node-shape.js';

export const KUBELET_VERSION = 'v1.32.0-k8ts-sim';
export const RUNTIME_VERSION = 'simulated://1.0';
const KUBELET_PORT = 10250;

export interface NodeSpec {
  name: string;
  internalIP: string;
  /** Outside the cluster CIDR, so the node IPAM controller leaves it alone. */
  podCIDR: string;
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
        ...wellKnownNodeLabels(s.name, 'amd64'),
        type: 'simulated',
        ...s.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: s.podCIDR, podCIDRs: [s.podCIDR] },
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
    conditions: nodeConditions(),
    addresses: [
      { type: 'InternalIP', address: s.internalIP },
      { type: 'Hostname', address: s.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo,
  };
}

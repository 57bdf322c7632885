// What the node lifecycle controller writes into a silent node's status (upstream's
// tryUpdateNodeHealth): the conditions the kubelet owns turn Unknown, so nobody keeps
// trusting a report the kubelet can no longer refresh.

import type { Node } from '../../api/core/nodes.js';
import { nowRFC3339 } from '../../machinery/time.js';

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** The kubelet-posted conditions the controller overrides when the kubelet goes silent. */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export const NODE_STATUS_UNKNOWN = 'NodeStatusUnknown';
export const NODE_STATUS_NEVER_UPDATED = 'NodeStatusNeverUpdated';
export const STOPPED_POSTING = 'Kubelet stopped posting node status.';
export const NEVER_POSTED = 'Kubelet never posted node status.';

export function nodeConditions(node: Node): NodeCondition[] {
  return (node.status?.conditions ?? []) as NodeCondition[];
}

export function getCondition(node: Node, type: string): NodeCondition | undefined {
  return nodeConditions(node).find((c) => c.type === type);
}

/**
 * The node's conditions with every monitored one Unknown (missing ones added as never
 * posted), or undefined when they already are. Heartbeat times stay as the kubelet left
 * them: they are the evidence of when it was last heard from.
 */
export function conditionsMarkedUnknown(node: Node, now: Date): NodeCondition[] | undefined {
  const at = nowRFC3339(now);
  let changed = false;
  const conditions = nodeConditions(node).map((c) => {
    if (!MONITORED_CONDITIONS.includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown', reason: NODE_STATUS_UNKNOWN, message: STOPPED_POSTING, lastTransitionTime: at };
  });
  for (const type of MONITORED_CONDITIONS) {
    if (conditions.some((c) => c.type === type)) continue;
    changed = true;
    conditions.push({ type, status: 'Unknown', reason: NODE_STATUS_NEVER_UPDATED, message: NEVER_POSTED, lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: at });
  }
  return changed ? conditions : undefined;
}

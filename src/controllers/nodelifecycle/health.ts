// When each node was last heard from (upstream's nodeHealthMap and probeTimestamp). The
// controller's own clock decides, not the timestamps the node wrote: a heartbeat counts
// when the controller sees it change, so clock skew between machines cannot make a dead
// node look alive or a live one dead.

import type { Lease } from '../../api/coordination/lease.js';
import type { Node } from '../../api/core/nodes.js';
import { parseRFC3339 } from '../../machinery/time.js';
import { getCondition } from './conditions.js';

interface Observed {
  heartbeat?: string;
  renewTime?: string;
  /** When a sign of life was last seen, in ms since the epoch. */
  probeMs: number;
}

export class NodeHealthTracker {
  private readonly nodes = new Map<string, Observed>();

  /**
   * Records what `node` and its Lease show now and returns when the node was last heard
   * from. A node seen for the first time counts as heard from now, unless it never posted
   * a Ready condition: then only its creation counts (upstream's fake Ready condition).
   */
  observe(node: Node, lease: Lease | undefined, nowMs: number): number {
    const name = node.metadata?.name ?? '';
    const heartbeat = getCondition(node, 'Ready')?.lastHeartbeatTime;
    const renewTime = lease?.spec?.renewTime;
    const saved = this.nodes.get(name);
    let probeMs: number;
    if (!saved) probeMs = getCondition(node, 'Ready') ? nowMs : (parseRFC3339(node.metadata?.creationTimestamp ?? '')?.getTime() ?? nowMs);
    else probeMs = heartbeat !== saved.heartbeat || renewTime !== saved.renewTime ? nowMs : saved.probeMs;
    this.nodes.set(name, { heartbeat, renewTime, probeMs });
    return probeMs;
  }

  forget(name: string): void {
    this.nodes.delete(name);
  }
}

/** How long `node` may stay silent: the startup grace until it first posts Ready, then the monitor grace. */
export function gracePeriodMs(node: Node, monitorGraceSeconds: number, startupGraceSeconds: number): number {
  return (getCondition(node, 'Ready') ? monitorGraceSeconds : startupGraceSeconds) * 1000;
}

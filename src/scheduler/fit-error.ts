// FitError: why no node could take the pod, worded exactly as upstream's FitError.Error()
// so that `kubectl describe pod` shows the familiar FailedScheduling text, e.g.
// `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {…}. preemption: …`.

import type { Status } from './framework.js';
import type { Pod } from './types.js';

export interface Diagnosis {
  /** Each rejected node's status. */
  nodeToStatus: Map<string, Status>;
  /** The status of nodes not in nodeToStatus (PreFilter rejected or narrowed them away). */
  absentNodesStatus?: Status;
  /** Plugins that rejected the pod somewhere: the queue may use them to decide what can help. */
  unschedulablePlugins: Set<string>;
  preFilterMsg?: string;
  postFilterMsg?: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
}

/** A node's recorded status, falling back to the absent-nodes status. */
export function statusOf(d: Diagnosis, nodeName: string): Status | undefined {
  return d.nodeToStatus.get(nodeName) ?? d.absentNodesStatus;
}

export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  /** The FailedScheduling event text and the PodScheduled=False condition message. */
  message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    // PreFilter rejected the pod for every node; per-node reasons would only repeat it.
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = new Map<string, number>();
    const count = (reasons: readonly string[], n: number) => {
      for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + n);
    };
    for (const s of d.nodeToStatus.values()) count(s.reasons, 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0 && d.absentNodesStatus) count(d.absentNodesStatus.reasons, absent);
    // Upstream sorts the formatted "<count> <reason>" strings, so counts sort as text.
    const parts = [...histogram].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  // The PostFilter message carries its own final period (it is itself a FitError text).
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** Go's sort.Strings order (bytewise), not localeCompare. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

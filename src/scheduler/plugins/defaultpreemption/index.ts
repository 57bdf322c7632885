// DefaultPreemption (PostFilter): when no node fits, find a node where evicting
// lower-priority pods would make room, keeping as many of them as possible. It only
// computes; the caller nominates the node and deletes the victims. PodDisruptionBudgets
// are not considered yet.

import { Status, type CycleState, type PostFilterContext, type PostFilterPlugin, type PostFilterResult } from '../../framework.js';
import { fitErrorMessage, newDiagnosis, statusOf } from '../../fit-error.js';
import type { NodeInfo } from '../../node-info.js';
import { podPriority, type Pod } from '../../types.js';

export const NAME = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

interface Candidate {
  node: string;
  victims: Pod[];
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;

  postFilter(state: CycleState, pod: Pod, ctx: PostFilterContext): { result?: PostFilterResult; status?: Status } {
    if (pod.spec?.preemptionPolicy === 'Never') return { status: Status.unschedulable('preemption: not eligible due to preemptionPolicy=Never.') };
    const snapshot = state.snapshot;
    const statuses = newDiagnosis();
    const candidates: Candidate[] = [];
    for (const node of snapshot.nodes) {
      // Evictions cannot fix what is unresolvable (taints, affinity, a request above allocatable).
      if (statusOf(ctx.diagnosis, node.name)?.code === 'UnschedulableAndUnresolvable') {
        statuses.nodeToStatus.set(node.name, Status.unresolvable(NOT_HELPFUL));
        continue;
      }
      const outcome = selectVictims(pod, node, state, ctx);
      if (outcome instanceof Status) statuses.nodeToStatus.set(node.name, outcome);
      else candidates.push({ node: node.name, victims: outcome });
    }
    if (candidates.length === 0) {
      return { status: Status.unschedulable('preemption: ' + fitErrorMessage(statuses.nodeToStatus.size, statuses)) };
    }
    const best = pickCandidate(candidates);
    return { result: { nominatedNodeName: best.node, victims: best.victims } };
  }
}

/** Removes every lower-priority pod, then reprieves the most important ones that can stay. */
function selectVictims(pod: Pod, node: NodeInfo, state: CycleState, ctx: PostFilterContext): Pod[] | Status {
  const priority = podPriority(pod);
  const lower = node.pods.filter((p) => podPriority(p) < priority);
  if (lower.length === 0) return Status.unresolvable(NO_VICTIMS);
  const trial = node.clone();
  for (const p of lower) trial.removePod(p);
  const fits = () => ctx.fitsOn(pod, state.snapshot.withNode(trial), node.name);
  const status = fits();
  if (status) return status;
  const victims: Pod[] = [];
  for (const p of [...lower].sort(moreImportantFirst)) {
    trial.addPod(p);
    if (fits()) {
      trial.removePod(p);
      victims.push(p);
    }
  }
  return victims;
}

/** Upstream's MoreImportantPod: higher priority, then started earlier. */
function moreImportantFirst(a: Pod, b: Pod): number {
  const d = podPriority(b) - podPriority(a);
  if (d !== 0) return d;
  return Date.parse(a.status?.startTime ?? '') - Date.parse(b.status?.startTime ?? '') || 0;
}

/** Fewest disruption: lowest highest-victim priority, then lowest priority sum, then fewest victims. */
function pickCandidate(candidates: Candidate[]): Candidate {
  // Offsetting by 2^31 keeps negative priorities from making a larger victim set look cheaper.
  const key = (c: Candidate) => [
    Math.max(...c.victims.map(podPriority), -Infinity),
    c.victims.reduce((s, p) => s + podPriority(p) + 2 ** 31, 0),
    c.victims.length,
  ];
  return candidates.reduce((best, c) => {
    const [a, b] = [key(c), key(best)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? c : best;
    return best;
  });
}

// One scheduling attempt for one pod against one snapshot (upstream schedule_one.go's
// schedulePod): PreFilter, Filter over a rotating sample of nodes, PostFilter when
// nothing fits, then Score and pick the best node (ties broken at random).

import { CycleState, hasHook, Status, type PostFilterPlugin, type PostFilterResult, type Profile } from './framework.js';
import { FitError, newDiagnosis, type Diagnosis } from './fit-error.js';
import type { NodeInfo, Snapshot } from './node-info.js';
import { activeFilters, hasScorePlugins, runFilter, runPreFilter, runScore, SchedulingError } from './runner.js';
import type { Pod } from './types.js';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export interface ScheduleOptions {
  /** Where to start walking the node list (upstream's nextStartNodeIndex). */
  startIndex?: number;
  /** [0, 1) source for tie-breaks; Math.random by default. */
  random?: () => number;
}

export type ScheduleResult =
  | { node: string; evaluatedNodes: number; feasibleNodes: number; nextStartIndex: number }
  | { failure: FitError; postFilter?: PostFilterResult; nextStartIndex: number };

/**
 * How many feasible nodes to find before scoring: all of a small cluster, else an
 * adaptive percentage (50% − nodes/125, at least 5%) but never fewer than 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** Throws SchedulingError when a plugin fails with an Error status (retry with backoff). */
export function schedulePod(pod: Pod, snapshot: Snapshot, profile: Profile, opts: ScheduleOptions = {}): ScheduleResult {
  const all = snapshot.nodes;
  const startIndex = opts.startIndex ?? 0;
  if (all.length === 0) throw new SchedulingError('no nodes available to schedule pods');
  const state = new CycleState(snapshot);
  const diagnosis = newDiagnosis();

  const pre = runPreFilter(profile, state, pod);
  if (pre.status) {
    if (!pre.status.isRejected()) throw new SchedulingError(pre.status.message());
    diagnosis.absentNodesStatus = pre.status;
    diagnosis.preFilterMsg = pre.status.message();
    if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
    for (const p of pre.narrowedBy) diagnosis.unschedulablePlugins.add(p);
    return fail(pod, state, profile, all.length, diagnosis, startIndex);
  }

  let nodes: readonly NodeInfo[] = all;
  if (pre.nodeNames) {
    nodes = [...pre.nodeNames].map((n) => snapshot.get(n)).filter((n): n is NodeInfo => n !== undefined);
    diagnosis.absentNodesStatus = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(' ')}]`);
    for (const p of pre.narrowedBy) diagnosis.unschedulablePlugins.add(p);
  }

  const feasible = findFeasible(profile, state, pod, nodes, startIndex, diagnosis);
  const nextStartIndex = (startIndex + feasible.length + diagnosis.nodeToStatus.size) % all.length;
  if (feasible.length === 0) return fail(pod, state, profile, all.length, diagnosis, nextStartIndex);
  const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  if (feasible.length === 1) return { node: feasible[0].name, evaluatedNodes, feasibleNodes: 1, nextStartIndex };

  const scores = runScore(profile, state, pod, feasible);
  return { node: selectHost(scores, opts.random ?? Math.random), evaluatedNodes, feasibleNodes: feasible.length, nextStartIndex };
}

function findFeasible(profile: Profile, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], startIndex: number, diagnosis: Diagnosis): NodeInfo[] {
  // Without scoring, the first fitting node is as good as any.
  const want = hasScorePlugins(profile) ? numFeasibleNodesToFind(nodes.length, profile.percentageOfNodesToScore) : 1;
  const filters = activeFilters(profile, state);
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < nodes.length && feasible.length < want; i++) {
    const node = nodes[(startIndex + i) % nodes.length];
    const status = runFilter(profile, state, pod, node, filters);
    if (!status) {
      feasible.push(node);
      continue;
    }
    if (!status.isRejected()) throw new SchedulingError(status.message());
    diagnosis.nodeToStatus.set(node.name, status);
    if (status.plugin) diagnosis.unschedulablePlugins.add(status.plugin);
  }
  return feasible;
}

/** Nothing fits: let PostFilter plugins (preemption) try, and report why. */
function fail(pod: Pod, state: CycleState, profile: Profile, numAllNodes: number, diagnosis: Diagnosis, nextStartIndex: number): ScheduleResult {
  let postFilter: PostFilterResult | undefined;
  for (const pl of profile.plugins) {
    if (!hasHook(pl, 'postFilter')) continue;
    const out = (pl as PostFilterPlugin).postFilter(state, pod, {
      diagnosis,
      fitsOn: (p, snapshot, nodeName) => fitsOn(profile, p, snapshot, nodeName),
    });
    if (out.status?.code === 'Error') throw new SchedulingError(out.status.message());
    if (out.status?.reasons.length) diagnosis.postFilterMsg = out.status.message();
    if (out.result) postFilter = out.result;
    // As upstream: the first PostFilter that does not reject ends the phase.
    if (!out.status || !out.status.isRejected()) break;
  }
  return { failure: new FitError(pod, numAllNodes, diagnosis), postFilter, nextStartIndex };
}

/** A fresh PreFilter+Filter run for one node of another snapshot (preemption's what-if). */
export function fitsOn(profile: Profile, pod: Pod, snapshot: Snapshot, nodeName: string): Status | undefined {
  const state = new CycleState(snapshot);
  const pre = runPreFilter(profile, state, pod);
  if (pre.status) return pre.status;
  if (pre.nodeNames && !pre.nodeNames.has(nodeName)) return Status.unresolvable(`node(s) didn't satisfy plugin(s) [${pre.narrowedBy.join(' ')}]`);
  const node = snapshot.get(nodeName);
  return node ? runFilter(profile, state, pod, node) : Status.unresolvable('node not found');
}

/** Highest total wins; among equals each is equally likely (reservoir sampling, as upstream). */
export function selectHost(scores: ReadonlyArray<{ name: string; score: number }>, random: () => number): string {
  let best = scores[0];
  let ties = 1;
  for (const s of scores.slice(1)) {
    if (s.score > best.score) {
      best = s;
      ties = 1;
    } else if (s.score === best.score) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best.name;
}

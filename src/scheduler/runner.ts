// Runs a profile's plugins at each extension point with upstream's rules: PreFilter may
// skip a plugin's Filter or narrow the nodes; Filter stops at the first rejection; scores
// are normalized per plugin, then weighted and summed.

import { hasHook, isSuccess, Status, type CycleState, type FilterPlugin, type NodeScore, type Plugin, type PreFilterPlugin, type PreScorePlugin, type Profile, type ScorePlugin } from './framework.js';
import type { NodeInfo } from './node-info.js';
import type { Pod } from './types.js';

/** A plugin that throws is reported as an Error status, never as a crash of the scheduler. */
function guarded<T>(plugin: Plugin, fn: () => T): T | Status {
  try {
    return fn();
  } catch (e) {
    const s = Status.error(`running ${plugin.name}: ${(e as Error).message}`);
    s.plugin = plugin.name;
    return s;
  }
}

export interface PreFilterOutcome {
  status?: Status;
  /** Undefined means all nodes. */
  nodeNames?: Set<string>;
  /** Plugins that narrowed the node set. */
  narrowedBy: string[];
}

export function runPreFilter(profile: Profile, state: CycleState, pod: Pod): PreFilterOutcome {
  let nodeNames: Set<string> | undefined;
  const narrowedBy: string[] = [];
  for (const pl of profile.plugins) {
    if (!hasHook(pl, 'preFilter')) continue;
    const r = guarded(pl, () => (pl as PreFilterPlugin).preFilter(state, pod));
    if (r instanceof Status) return { status: r, narrowedBy };
    if (r?.status?.code === 'Skip') {
      state.skipFilter.add(pl.name);
      continue;
    }
    if (r?.status && !isSuccess(r.status)) {
      r.status.plugin = pl.name;
      return { status: r.status, narrowedBy };
    }
    if (r?.nodeNames) {
      narrowedBy.push(pl.name);
      nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
      if (nodeNames.size === 0) {
        const msg = narrowedBy.length === 1 ? `node(s) didn't satisfy plugin ${narrowedBy[0]}` : `node(s) didn't satisfy plugin(s) [${narrowedBy.join(' ')}] simultaneously`;
        return { status: Status.unresolvable(msg), narrowedBy };
      }
    }
  }
  return { nodeNames, narrowedBy };
}

/** The Filter plugins a cycle runs, in order: those whose PreFilter returned Skip are left out. */
export function activeFilters(profile: Profile, state: CycleState): FilterPlugin[] {
  return profile.plugins.filter((pl): pl is FilterPlugin => hasHook(pl, 'filter') && !state.skipFilter.has(pl.name));
}

/**
 * The first non-success status, tagged with its plugin; undefined when the node fits.
 * A cycle filtering many nodes passes its activeFilters() once instead of per node.
 */
export function runFilter(profile: Profile, state: CycleState, pod: Pod, node: NodeInfo, filters = activeFilters(profile, state)): Status | undefined {
  for (const pl of filters) {
    let r: Status | undefined;
    // Inline rather than through guarded(): this runs for every plugin on every node.
    try {
      r = pl.filter(state, pod, node);
    } catch (e) {
      r = Status.error(`running ${pl.name}: ${(e as Error).message}`);
    }
    if (!isSuccess(r)) {
      r!.plugin = pl.name;
      return r;
    }
  }
  return undefined;
}

export function hasScorePlugins(profile: Profile): boolean {
  return profile.plugins.some((pl) => hasHook(pl, 'score'));
}

/** Weighted total per node, in the order of `nodes`. Throws on a plugin Error. */
export function runScore(profile: Profile, state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodeScore[] {
  for (const pl of profile.plugins) {
    if (!hasHook(pl, 'preScore')) continue;
    const s = guarded(pl, () => (pl as PreScorePlugin).preScore(state, pod, nodes));
    if (s?.code === 'Skip') state.skipScore.add(pl.name);
    else if (!isSuccess(s)) throw new SchedulingError(s!.message());
  }
  const totals = nodes.map((n) => ({ name: n.name, score: 0 }));
  for (const pl of profile.plugins) {
    if (!hasHook(pl, 'score') || state.skipScore.has(pl.name)) continue;
    const plugin = pl as ScorePlugin;
    const scores = nodes.map((n) => {
      const r = guarded(pl, () => plugin.score(state, pod, n));
      if (r instanceof Status) throw new SchedulingError(r.message());
      return { name: n.name, score: r };
    });
    const normalized = plugin.normalizeScore ? guarded(pl, () => plugin.normalizeScore!(state, pod, scores)) : undefined;
    if (normalized instanceof Status) throw new SchedulingError(normalized.message());
    const weight = profile.scoreWeights[pl.name] ?? 1;
    scores.forEach((s, i) => (totals[i].score += s.score * weight));
  }
  return totals;
}

/** A plugin failed (as opposed to rejecting the pod): the pod is retried after backoff. */
export class SchedulingError extends Error {
  override name = 'SchedulingError';
}

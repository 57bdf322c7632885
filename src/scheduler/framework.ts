// The scheduling framework's contracts (upstream pkg/scheduler/framework/interface.go):
// statuses, the per-cycle state, and the extension points a plugin may implement. A
// plugin is one concern; the framework (schedule.ts) decides the order and the maths.

import type { Diagnosis } from './fit-error.js';
import type { NodeInfo, Snapshot } from './node-info.js';
import type { Pod } from './types.js';

export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

/** A plugin's verdict. Plugins return `undefined` for success, like upstream's nil *Status. */
export class Status {
  /** Set by the framework to the plugin that produced the status. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }

  static error(message: string): Status {
    return new Status('Error', [message]);
  }

  static skip(): Status {
    return new Status('Skip');
  }

  message(): string {
    return this.reasons.join(', ');
  }

  /** Rejected means "this node (or this cycle) cannot host the pod", as opposed to an error. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }
}

export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.code === 'Success';
}

/** Per-pod, per-cycle scratch space: PreFilter/PreScore results for Filter/Score to read. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScore = new Set<string>();

  constructor(readonly snapshot: Snapshot) {}

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

/**
 * PreFilter may narrow the candidate nodes (`nodeNames`, e.g. NodeAffinity on
 * `metadata.name`), reject the pod outright, or return Skip to have its Filter skipped.
 */
export interface PreFilterResult {
  status?: Status;
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod): PreFilterResult | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
}

/** Runs when no node fits; preemption lives here. */
export interface PostFilterResult {
  nominatedNodeName?: string;
  /** Pods to evict so that the pod fits on nominatedNodeName (the wiring deletes them). */
  victims?: Pod[];
}

export interface PostFilterContext {
  /** Why each node rejected the pod. */
  diagnosis: Diagnosis;
  /** Re-runs PreFilter+Filter for `pod` on one node of `snapshot` (for what-if checks). */
  fitsOn(pod: Pod, snapshot: Snapshot, nodeName: string): Status | undefined;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, ctx: PostFilterContext): { result?: PostFilterResult; status?: Status };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rescales raw scores in place to 0..MAX_NODE_SCORE. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export interface NodeScore {
  name: string;
  score: number;
}

/** A scheduler profile: the enabled plugins in run order, and score weights. */
export interface Profile {
  schedulerName: string;
  plugins: Plugin[];
  scoreWeights: Record<string, number>;
  /** 0 or undefined: upstream's adaptive percentage. */
  percentageOfNodesToScore?: number;
}

export function hasHook<K extends string>(p: Plugin, hook: K): p is Plugin & Record<K, (...a: never[]) => unknown> {
  return typeof (p as unknown as Record<string, unknown>)[hook] === 'function';
}

/**
 * Upstream's helper.DefaultNormalizeScore: scale to 0..max by the highest score;
 * `reverse` turns "more is worse" counts (e.g. untolerated taints) into scores.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, max = MAX_NODE_SCORE): void {
  const highest = scores.reduce((m, s) => Math.max(m, s.score), 0);
  if (highest === 0) {
    if (reverse) for (const s of scores) s.score = max;
    return;
  }
  for (const s of scores) {
    const scaled = Math.trunc((max * s.score) / highest);
    s.score = reverse ? max - scaled : scaled;
  }
}

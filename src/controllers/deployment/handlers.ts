// Which Deployments an informer event concerns (upstream's add/update/deleteReplicaSet and
// deletePod handlers): a ReplicaSet's controlling Deployment; for an orphan, every
// Deployment whose selector matches it (one of them may adopt it); and, for a deleted pod,
// its Recreate Deployment once no pods of it are left (the new ReplicaSet may then start).

import type { KubeObject, OwnerReference } from '../../api/resource.js';
import type { Pod } from '../../api/core/types.js';
import { keyOf, NAMESPACE_INDEX, type Indexer } from '../../client/index.js';
import { deepEqual } from '../../machinery/deep.js';
import { labelSelectorFromMeta } from '../../machinery/labels.js';
import { getControllerOf } from '../common/controller-ref.js';
import type { Deployment, ReplicaSet } from './types.js';

export interface Caches {
  deployments: Indexer<Deployment>;
  replicaSets: Indexer<ReplicaSet>;
  pods: Indexer<Pod>;
}

/** The cached object `ref` points at, if it is of `kind` and still the same object (same uid). */
function resolve<T extends KubeObject>(indexer: Indexer<T>, ns: string | undefined, ref: OwnerReference | undefined, kind: string): T | undefined {
  if (!ref || ref.kind !== kind) return undefined;
  const obj = indexer.getByName(ns, ref.name);
  return obj && obj.metadata?.uid === ref.uid ? obj : undefined;
}

function controllingDeployment(c: Caches, rs: ReplicaSet): Deployment | undefined {
  return resolve(c.deployments, rs.metadata?.namespace, getControllerOf(rs), 'Deployment');
}

/** Deployments whose (non-empty, valid) selector matches the ReplicaSet's labels. */
function deploymentsSelecting(c: Caches, rs: ReplicaSet): Deployment[] {
  return c.deployments.byIndex(NAMESPACE_INDEX, rs.metadata?.namespace ?? '').filter((d) => {
    try {
      const sel = labelSelectorFromMeta(d.spec?.selector);
      return !sel.empty && sel.matches(rs.metadata?.labels);
    } catch {
      return false;
    }
  });
}

/** A ReplicaSet appeared (or vanished): its controller, or for an orphan every Deployment that could adopt it. */
export function keysForReplicaSet(c: Caches, rs: ReplicaSet): string[] {
  const ref = getControllerOf(rs);
  if (ref) {
    const d = controllingDeployment(c, rs);
    return d ? [keyOf(d)] : [];
  }
  return deploymentsSelecting(c, rs).map(keyOf);
}

/** A ReplicaSet changed: the old controller if the reference moved, the current one, or — for an orphan whose labels or ownership changed — its candidates. */
export function keysForReplicaSetUpdate(c: Caches, old: ReplicaSet, cur: ReplicaSet): string[] {
  // A resync replays the same version: nothing to do.
  if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return [];
  const keys = new Set<string>();
  const oldRef = getControllerOf(old);
  const curRef = getControllerOf(cur);
  const refChanged = !deepEqual(oldRef, curRef);
  if (refChanged && oldRef) {
    const d = resolve(c.deployments, old.metadata?.namespace, oldRef, 'Deployment');
    if (d) keys.add(keyOf(d));
  }
  if (curRef) {
    const d = controllingDeployment(c, cur);
    if (d) keys.add(keyOf(d));
  } else if (refChanged || !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {})) {
    for (const d of deploymentsSelecting(c, cur)) keys.add(keyOf(d));
  }
  return [...keys];
}

/** A ReplicaSet was deleted: only its controller cares (orphans are nobody's loss). */
export function keysForDeletedReplicaSet(c: Caches, rs: ReplicaSet): string[] {
  const d = controllingDeployment(c, rs);
  return d ? [keyOf(d)] : [];
}

/** A pod was deleted: its Recreate Deployment, once the last pod of its ReplicaSets is gone. */
export function keysForDeletedPod(c: Caches, pod: Pod, podsLeft: (d: Deployment) => number): string[] {
  const rs = resolve(c.replicaSets, pod.metadata?.namespace, getControllerOf(pod), 'ReplicaSet');
  const d = rs && controllingDeployment(c, rs);
  if (!d || d.spec?.strategy?.type !== 'Recreate') return [];
  return podsLeft(d) === 0 ? [keyOf(d)] : [];
}

// Finding the scale of a pod's controller in the informer caches (upstream's finders): a
// ReplicationController, a Deployment through its ReplicaSet, a ReplicaSet no Deployment
// owns, or a StatefulSet. A reference whose object is missing or has another uid (deleted
// and recreated) finds nothing.

import type { Deployment } from '../../api/apps/deployment.js';
import type { ReplicaSet } from '../../api/apps/replicaset.js';
import type { StatefulSet } from '../../api/apps/statefulset.js';
import type { ReplicationController } from '../../api/core/replicationcontrollers.js';
import type { KubeObject, OwnerReference } from '../../api/resource.js';
import type { Indexer } from '../../client/index.js';
import { getControllerOf } from '../common/controller-ref.js';
import type { ScaleLookup } from './expected.js';

export interface OwnerCaches {
  replicationControllers: Indexer<ReplicationController>;
  replicaSets: Indexer<ReplicaSet>;
  deployments: Indexer<Deployment>;
  statefulSets: Indexer<StatefulSet>;
}

type Scalable = KubeObject & { spec?: { replicas?: number } };

const groupOf = (ref: OwnerReference) => (ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '');

function isKind(ref: OwnerReference, kind: string, groups: string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref));
}

/** The object `ref` points at in `cache`, if it is still that very object. */
function resolve<T extends KubeObject>(cache: Indexer<T>, ref: OwnerReference, namespace: string): T | undefined {
  const obj = cache.getByName(namespace, ref.name);
  return obj && obj.metadata?.uid === ref.uid ? obj : undefined;
}

/** API defaulting makes spec.replicas 1 when unset. */
const scaleOf = (obj: Scalable) => ({ uid: obj.metadata?.uid ?? '', replicas: obj.spec?.replicas ?? 1 });

export function scaleLookup(caches: OwnerCaches): ScaleLookup {
  return (ref, namespace) => {
    if (isKind(ref, 'ReplicationController', [''])) {
      const rc = resolve(caches.replicationControllers, ref, namespace);
      return rc && scaleOf(rc);
    }
    if (isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) {
      const rs = resolve(caches.replicaSets, ref, namespace);
      if (!rs) return undefined;
      const owner = getControllerOf(rs);
      // A Deployment's ReplicaSets come and go during rollouts; the Deployment's scale is what is expected.
      if (owner?.kind !== 'Deployment') return scaleOf(rs);
      const deployment = isKind(owner, 'Deployment', ['apps', 'extensions']) ? resolve(caches.deployments, owner, namespace) : undefined;
      return deployment && scaleOf(deployment);
    }
    if (isKind(ref, 'StatefulSet', ['apps'])) {
      const ss = resolve(caches.statefulSets, ref, namespace);
      return ss && scaleOf(ss);
    }
    return undefined;
  };
}

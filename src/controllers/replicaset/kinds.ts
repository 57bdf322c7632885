// The two kinds one replica controller runs (upstream runs the ReplicationController
// controller as the ReplicaSet controller over a conversion): what differs is where the
// objects live, how the selector is written (a metav1.LabelSelector, or a plain label map
// for ReplicationControllers) and the name the controller reports events under.

import type { ReplicaSet } from '../../api/apps/replicaset.js';
import type { ReplicationController } from '../../api/core/replicationcontrollers.js';
import type { PodTemplateSpec } from '../../api/core/types.js';
import type { GroupVersionKind, KubeObject } from '../../api/resource.js';
import type { Client, ResourceClient } from '../../client/index.js';
import { labelSelectorFromMeta, selectorFromSet, type LabelSelector } from '../../machinery/labels.js';

/** What the controller reads of an owner's spec. */
export interface ReplicaSpec {
  replicas: number;
  minReadySeconds: number;
  template?: PodTemplateSpec;
}

export interface ReplicaKind<T extends KubeObject = KubeObject> {
  /** The controller's name in the manager (`--controllers`). */
  controllerName: string;
  /** The event source component (upstream's recorder names). */
  component: string;
  gvk: GroupVersionKind;
  resource(client: Client): ResourceClient<T>;
  /** The pods the owner selects; throws when the selector is invalid. */
  selector(owner: T): LabelSelector;
  spec(owner: T): ReplicaSpec;
}

export const replicaSetKind: ReplicaKind<ReplicaSet> = {
  controllerName: 'replicaset',
  component: 'replicaset-controller',
  gvk: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  resource: (client) => client.replicasets,
  selector: (rs) => labelSelectorFromMeta(rs.spec?.selector),
  spec: (rs) => ({ replicas: rs.spec?.replicas ?? 1, minReadySeconds: rs.spec?.minReadySeconds ?? 0, template: rs.spec?.template }),
};

export const replicationControllerKind: ReplicaKind<ReplicationController> = {
  controllerName: 'replicationcontroller',
  component: 'replication-controller',
  gvk: { group: '', version: 'v1', kind: 'ReplicationController' },
  resource: (client) => client.replicationcontrollers,
  selector: (rc) => selectorFromSet(rc.spec?.selector),
  spec: (rc) => ({ replicas: rc.spec?.replicas ?? 1, minReadySeconds: rc.spec?.minReadySeconds ?? 0, template: rc.spec?.template }),
};

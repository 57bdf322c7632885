// The replica controllers: one implementation over two kinds, as upstream runs the
// ReplicationController controller as the ReplicaSet controller over an adapter.

import type { Controller } from '../context.js';
import { ReplicaController } from './controller.js';
import { replicaSetKind, replicationControllerKind } from './kinds.js';

export { ReplicaController, BURST_REPLICAS, type ReplicaOwner } from './controller.js';
export { podsToDelete, compareForDeletion, POD_DELETION_COST } from './pod-ranking.js';
export { isPodActive, isPodAvailable, isPodReady } from './pods.js';

export function replicaSetController(): Controller {
  return new ReplicaController(replicaSetKind);
}

export function replicationControllerController(): Controller {
  return new ReplicaController(replicationControllerKind);
}

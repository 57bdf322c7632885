// The controllers `k8ts up` and `k8ts server` run, as kube-controller-manager's defaults.

import type { Controller } from './context.js';
import { deploymentController } from './deployment/index.js';
import { disruptionController } from './disruption/index.js';
import { endpointsController } from './endpoints/index.js';
import { endpointSliceController } from './endpointslice/index.js';
import { garbageCollector } from './garbagecollector/index.js';
import { namespaceController } from './namespace/index.js';
import { nodeIpamController } from './nodeipam/index.js';
import { nodeLifecycleController } from './nodelifecycle/index.js';
import { persistentVolumeController } from './persistentvolume/index.js';
import { podGarbageCollector } from './podgc/index.js';
import { replicaSetController, replicationControllerController } from './replicaset/index.js';
import { serviceAccountController } from './serviceaccount/index.js';
import { taintEvictionController } from './tainteviction/index.js';

export function defaultControllers(): Controller[] {
  return [
    namespaceController(),
    serviceAccountController(),
    replicaSetController(),
    replicationControllerController(),
    deploymentController(),
    garbageCollector(),
    nodeIpamController(),
    nodeLifecycleController(),
    taintEvictionController(),
    disruptionController(),
    endpointsController(),
    endpointSliceController(),
    podGarbageCollector(),
    persistentVolumeController(),
  ];
}

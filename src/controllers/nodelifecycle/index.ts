// Public surface of the node lifecycle controller.

export { nodeLifecycleController, CONTROLLER_NAME, NODE_LEASE_NAMESPACE, type NodeLifecycleOptions } from './controller.js';
export { conditionsMarkedUnknown, MONITORED_CONDITIONS, NODE_STATUS_UNKNOWN, STOPPED_POSTING, type NodeCondition } from './conditions.js';
export { NodeHealthTracker, gracePeriodMs } from './health.js';
export { desiredTaints, reconcileTaints, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type Taint } from './taints.js';
export { podMarkedNotReady } from './pods.js';

// Public surface of the disruption controller.

export { disruptionController, CONTROLLER_NAME } from './controller.js';
export { expectedCounts, expectedScale, type ExpectedCounts, type ScaleLookup } from './expected.js';
export { countHealthyPods, prunedDisruptedPods, DELETION_TIMEOUT_MS } from './health.js';
export { scaleLookup, type OwnerCaches } from './owners.js';
export { failSafeStatus, nextPdbStatus, DISRUPTION_ALLOWED, INSUFFICIENT_PODS, SUFFICIENT_PODS, SYNC_FAILED, type PdbStatus } from './status.js';

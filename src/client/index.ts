// Public surface of the client layer: what controllers, the scheduler and the kubelet use to
// talk to the API server (the equivalent of client-go).

export { ApiError, isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNamespaceTerminating, isNotFound } from './errors.js';
export { NodeHttpTransport, type LineStream, type Query, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
export { HttpsTransport, type HttpsTransportOptions } from './https-transport.js';
export { InProcessTransport, inProcessUser, type InProcessTransportOptions, type InProcessUser } from './in-process.js';
export { Client, type ClientOptions } from './rest-client.js';
export {
  ResourceClient,
  type DeleteOptions,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type ResourceRef,
  type SubresourceClient,
  type Watch,
  type WatchEvent,
  type WatchOptions,
  type WriteOptions,
} from './resource-client.js';
export { Indexer, keyOf, splitKey, NAMESPACE_INDEX, type IndexFunc } from './store.js';
export { SharedInformer, type EventHandler, type InformerOptions, type InformerSelector } from './informer.js';
export { SharedInformerFactory, type FactoryDefaults } from './informer-factory.js';
export { WorkQueue, runWorkers } from './workqueue.js';
export { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';
export { LeaderElector, type LeaderElectionConfig } from './leader-election.js';
export * from './kubeconfig.js';

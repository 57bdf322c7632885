// Pod garbage collection: finished pods beyond the threshold, pods of vanished or
// out-of-service nodes, and terminating pods that were never scheduled.

export { podGarbageCollector, type PodGCOptions } from './controller.js';

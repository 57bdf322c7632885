// The garbage collector: deletes objects whose owners are gone, and carries out Foreground
// and Orphan deletions (the finalizers the API server sets for them).

export { garbageCollector } from './controller.js';

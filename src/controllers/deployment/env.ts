// What a Deployment sync works with: the API client for writes, the informer caches for
// reads, the event recorder, a clock, and a way to look at a Deployment again later.

import type { Pod } from '../../api/core/types.js';
import type { EventRecorder } from '../../client/events.js';
import type { Client, Indexer } from '../../client/index.js';
import type { Deployment, ReplicaSet } from './types.js';

export interface DeploymentEnv {
  client: Client;
  recorder: EventRecorder;
  replicaSets: Indexer<ReplicaSet>;
  pods: Indexer<Pod>;
  now(): Date;
  /** Syncs `d` again after `ms` milliseconds (0: as soon as the rate limiter allows). */
  requeue(d: Deployment, ms: number): void;
}

/** Typed objects as the API expects them in a request body (cached list items may lack apiVersion/kind). */
export function asDeployment(d: Deployment): Deployment {
  return { ...d, apiVersion: 'apps/v1', kind: 'Deployment' };
}

export function asReplicaSet(rs: ReplicaSet): ReplicaSet {
  return { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
}

// What every controller gets from the controller manager: the API client, the shared
// informers (one list+watch per resource for all controllers), an event recorder, and the
// upstream flags that tune it. A controller is `{ name, start(ctx), stop() }`; it reads only
// from informer caches and writes only through the client (ARCHITECTURE.md, "The one rule").

import type { Client, SharedInformerFactory } from '../client/index.js';
import type { EventRecorder } from '../client/events.js';

export interface ControllerOptions {
  /** --node-monitor-grace-period: how long a node may miss its Lease before it is NotReady/Unknown. */
  nodeMonitorGracePeriodSeconds: number;
  /** --terminated-pod-gc-threshold: terminated pods kept before pod GC deletes the oldest. */
  terminatedPodGCThreshold: number;
  /** Worker count per controller (upstream's --concurrent-*-syncs). */
  workers: number;
  /** --cluster-cidr: the pod addresses node IPAM cuts node subnets from; absent, nodes get none. */
  clusterCIDR?: string;
  /** --node-cidr-mask-size: each node's share of the cluster CIDR. */
  nodeCIDRMaskSize: number;
}

export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = {
  nodeMonitorGracePeriodSeconds: 40,
  terminatedPodGCThreshold: 12500,
  workers: 5,
  nodeCIDRMaskSize: 24,
};

export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  /** An event recorder reporting as `component` (e.g. `replicaset-controller`). */
  recorder(component: string): EventRecorder;
  options: ControllerOptions;
}

export interface Controller {
  /** Upstream's controller name (`replicaset`, `deployment`, `garbage-collector`, …). */
  readonly name: string;
  /** Registers informers and handlers and starts workers; the manager starts the informers after every controller's start(). */
  start(ctx: ControllerContext): void;
  stop(): Promise<void>;
}

// Plain Deployment and ReplicaSet objects for the deployment controller's unit tests.

import type { Deployment, ReplicaSet } from '../../../src/controllers/deployment/types.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from '../../../src/controllers/deployment/types.js';

export interface DeploymentOpts {
  replicas?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  strategy?: 'RollingUpdate' | 'Recreate';
  image?: string;
  generation?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  annotations?: Record<string, string>;
  status?: Deployment['status'];
}

export function template(image = 'nginx:1'): { metadata: { labels: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } {
  return { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } };
}

export function deployment(o: DeploymentOpts = {}): Deployment {
  const strategy = o.strategy ?? 'RollingUpdate';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: o.generation ?? 1, annotations: o.annotations },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(o.image),
      strategy: strategy === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' } },
      paused: o.paused,
      progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
    },
    status: o.status ?? {},
  };
}

export interface RSOpts {
  replicas?: number;
  /** status.replicas (default: replicas). */
  actual?: number;
  ready?: number;
  /** status.availableReplicas (default: replicas). */
  available?: number;
  revision?: number;
  /** Minutes after a fixed epoch. */
  created?: number;
  image?: string;
  desired?: number;
  max?: number;
}

export function rs(name: string, o: RSOpts = {}): ReplicaSet {
  const replicas = o.replicas ?? 0;
  const annotations: Record<string, string> = {};
  if (o.revision !== undefined) annotations[REVISION_ANNOTATION] = String(o.revision);
  if (o.desired !== undefined) annotations[DESIRED_REPLICAS_ANNOTATION] = String(o.desired);
  if (o.max !== undefined) annotations[MAX_REPLICAS_ANNOTATION] = String(o.max);
  const t = template(o.image ?? name);
  t.metadata.labels = { ...t.metadata.labels, 'pod-template-hash': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: new Date(Date.UTC(2024, 0, 1) + (o.created ?? 0) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': name } }, template: t },
    status: { replicas: o.actual ?? replicas, readyReplicas: o.ready ?? o.available ?? replicas, availableReplicas: o.available ?? replicas },
  };
}

/** `name=size` for each step, for compact assertions. */
export function sizes(steps: { rs: ReplicaSet; replicas: number }[]): string[] {
  return steps.map((s) => `${s.rs.metadata?.name}=${s.replicas}`);
}

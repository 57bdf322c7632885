// The parts of apps/v1 Deployment and ReplicaSet this controller reads and writes, spelled out
// in full (the API package types only the fields the server itself needs), plus the
// annotation and label keys upstream's deployment controller uses.

import type { Deployment as ApiDeployment } from '../../api/apps/deployment.js';
import type { ReplicaSet as ApiReplicaSet } from '../../api/apps/replicaset.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface DeploymentCondition {
  type: string;
  status: ConditionStatus;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** apps/v1 DeploymentStatus; every count is omitempty, so absent means zero. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export type Deployment = ApiDeployment & { status?: DeploymentStatus };

export interface ReplicaSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export type ReplicaSet = ApiReplicaSet & {
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: ReplicaSetCondition[];
  };
};

/** What owner references to a Deployment name. */
export const DEPLOYMENT_GVK = { group: 'apps', version: 'v1', kind: 'Deployment' };

/** The label that keeps each ReplicaSet's pods apart from its siblings' (apps.DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** extensions/v1beta1's server-side rollback request, long gone but still never copied. */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';

/** Upstream's math.MaxInt32 sentinel: "no deadline" / "keep every revision". */
export const MAX_INT32 = 2 ** 31 - 1;

/** spec.replicas as the server defaults it. */
export function specReplicas(obj: { spec?: { replicas?: number } } | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

/** An integer annotation (desired-replicas, max-replicas); undefined when absent or not an integer. */
export function intAnnotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string): number | undefined {
  const v = obj.metadata?.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

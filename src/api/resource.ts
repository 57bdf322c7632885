// What one API resource is, as data plus a few small functions: the equivalent of
// kube-apiserver's registry strategy. The generic registry in the API server does
// everything else (storage, conflicts, generation, timestamps, finalizers, dry run).
// Adding a kind means adding one file that exports a ResourceType.

import type { FieldError } from '../machinery/status.js';

/** Any Kubernetes object, as decoded JSON. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
};

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A Table column as meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; >0: only with `-o wide`. */
  priority: number;
}

export interface SubresourceInfo {
  /** `status`, `scale`, `binding`, `eviction`, `log`, `exec`, `attach`, `portforward`, `proxy`, `token`, `ephemeralcontainers`. */
  name: string;
  /** What the subresource takes and returns (Scale is autoscaling/v1 Scale). */
  kind: GroupVersionKind;
  verbs: string[];
}

/** How `/scale` maps onto the object. */
export interface ScaleInfo {
  /** Current desired replicas (spec.replicas, default 1). */
  specReplicas(obj: KubeObject): number;
  setSpecReplicas(obj: KubeObject, n: number): void;
  statusReplicas(obj: KubeObject): number;
  /** The label selector in string form (`app=x,tier in (a,b)`), as Scale.status.selector. */
  selector(obj: KubeObject): string;
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Lower-case plural: `pods`, `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** `all` for the kinds upstream puts in `kubectl get all`. */
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Fully-qualified schema type name, e.g. `io.k8s.api.core.v1.Pod` (see src/api/schema). */
  schemaType: string;
  /**
   * Where objects live in storage: `<group>/<plural>` of the storage version. Versions that
   * share storage (autoscaling v1/v2 HPA, core/v1 and events.k8s.io/v1 Event) name the same
   * key and convert to and from the stored form.
   */
  storageResource: string;
  /** Converts an object of this version to the stored version (identity when this is it). */
  toStorage?(obj: KubeObject): KubeObject;
  fromStorage?(obj: KubeObject): KubeObject;
  /** True when `status` is a subresource: the main endpoint ignores status changes and `/status` ignores the rest. */
  hasStatus: boolean;
  /** Nothing is stored: `create` answers from the request and the requester (the access and identity reviews). */
  createOnly?: boolean;
  /** True when upstream's strategy maintains metadata.generation (bumped when anything but metadata and status changes). */
  tracksGeneration?: boolean;
  /** Graceful deletion: the grace period to use when the client gives none (pods: spec.terminationGracePeriodSeconds; 0 = delete at once). */
  gracePeriodSeconds?(obj: KubeObject): number;
  /** Fills defaults in place (run on create and update, before validation). */
  defaults?(obj: KubeObject): void;
  /** Validation on create; field paths as upstream (`spec.replicas`). */
  validate?(obj: KubeObject): FieldError[];
  /** Validation on update, including immutable fields; runs instead of validate. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Adjusts a new object before create (e.g. pods start with `status.phase: Pending`). */
  prepareForCreate?(obj: KubeObject): void;
  /** Adjusts an updated object (e.g. immutable bits restored). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Field-selectable values beyond metadata.name and metadata.namespace (`spec.nodeName`, `status.phase`, …). */
  selectableFields?(obj: KubeObject): Record<string, string>;
  /** Table columns for `kubectl get`; cells() returns one value per column. */
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: Date): unknown[];
  scale?: ScaleInfo;
}

// The few Pod and Node fields the scheduler reads, as plain JSON shapes. Objects arrive
// from informers as decoded JSON, so these are structural views, not classes.

import type { KubeObject, ObjectMeta } from '../api/resource.js';
import type { MetaLabelSelector } from '../machinery/index.js';

export type ResourceList = Record<string, string | number>;

export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  ports?: ContainerPort[];
  /** `Always` marks a sidecar (restartable init container). */
  restartPolicy?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[] | null;
  matchFields?: NodeSelectorRequirement[] | null;
}

export interface PodAffinityTerm {
  labelSelector?: MetaLabelSelector | null;
  namespaces?: string[] | null;
  namespaceSelector?: MetaLabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[] | null;
  mismatchLabelKeys?: string[] | null;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinityRules {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[] | null;
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[] | null;
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] } | null;
    preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; preference: NodeSelectorTerm }> | null;
  } | null;
  podAffinity?: PodAffinityRules | null;
  podAntiAffinity?: PodAffinityRules | null;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' | string;
  labelSelector?: MetaLabelSelector | null;
  minDomains?: number | null;
  nodeAffinityPolicy?: 'Honor' | 'Ignore' | string | null;
  nodeTaintsPolicy?: 'Honor' | 'Ignore' | string | null;
  matchLabelKeys?: string[] | null;
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string> | null;
  affinity?: Affinity | null;
  tolerations?: Toleration[] | null;
  containers?: Container[];
  initContainers?: Container[] | null;
  overhead?: ResourceList | null;
  priority?: number;
  preemptionPolicy?: string;
  schedulerName?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[] | null;
  schedulingGates?: Array<{ name: string }> | null;
}

export interface Pod extends KubeObject {
  metadata?: ObjectMeta;
  spec?: PodSpec;
  status?: { phase?: string; nominatedNodeName?: string; conditions?: unknown[]; startTime?: string };
}

export interface Node extends KubeObject {
  metadata?: ObjectMeta;
  spec?: { unschedulable?: boolean; taints?: Taint[] | null };
  status?: { allocatable?: ResourceList; capacity?: ResourceList };
}

/** `namespace/name`, the identity the queue and cache key pods by. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

export function nodeName(node: Node): string {
  return node.metadata?.name ?? '';
}

export function nodeLabels(node: Node): Record<string, string> {
  return node.metadata?.labels ?? {};
}

// autoscaling/v1 HorizontalPodAutoscaler: a CPU-only view of the stored v2 object. Whatever v1
// cannot express (other metrics, their status, conditions, behavior) is kept in the
// annotations upstream uses, so a v1 client's read-modify-write loses nothing.

import type { KubeObject, ObjectMeta } from '../resource.js';
import { defineKind } from '../common/define.js';
import { DEFAULT_CPU_METRIC, HPA_COLUMNS, hpaCells, validateHPASpec } from './hpa-v2.js';
import type { FlatMetric } from './metrics-v1.js';
import { specFromV1, specToV1, statusFromV1, statusToV1 } from './metrics-v1.js';
import type { CrossVersionObjectReference, HPAv2, MetricSpec, MetricStatus } from './types.js';

export interface HPAv1 extends KubeObject {
  spec?: { scaleTargetRef?: CrossVersionObjectReference; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number };
  status?: {
    observedGeneration?: number;
    lastScaleTime?: string;
    currentReplicas?: number;
    desiredReplicas?: number;
    currentCPUUtilizationPercentage?: number;
  };
}

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const ANNOTATIONS = [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR];

const isCpuUtilization = (m: MetricSpec) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

/** An annotation's JSON, or undefined when absent or unreadable (upstream ignores bad ones too). */
function parse<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function withoutConversionAnnotations(meta: ObjectMeta | undefined): ObjectMeta {
  const out = { ...meta };
  if (!meta?.annotations) return out;
  const kept = Object.entries(meta.annotations).filter(([k]) => !ANNOTATIONS.includes(k));
  if (kept.length > 0) out.annotations = Object.fromEntries(kept);
  else delete out.annotations;
  return out;
}

export function hpaV1ToV2(obj: KubeObject): HPAv2 {
  const v1 = obj as HPAv1;
  const annotations = v1.metadata?.annotations ?? {};
  const { targetCPUUtilizationPercentage: cpu, ...spec } = v1.spec ?? {};
  const others = (parse<FlatMetric[]>(annotations[METRICS]) ?? []).map(specFromV1);
  const cpuMetric: MetricSpec[] = cpu === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
  // v1 had an implicit CPU target in the controller; v2 states it.
  const metrics = [...others, ...cpuMetric];
  const { currentCPUUtilizationPercentage: currentCpu, ...status } = v1.status ?? {};
  const cpuStatus: MetricStatus[] = currentCpu === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCpu } } }];
  const currentMetrics = parse<FlatMetric[]>(annotations[CURRENT_METRICS])?.map(statusFromV1) ?? cpuStatus;
  const conditions = parse<unknown[]>(annotations[CONDITIONS]);
  const behavior = parse<NonNullable<HPAv2['spec']>['behavior']>(annotations[BEHAVIOR]);
  const out: HPAv2 = {
    ...v1,
    apiVersion: 'autoscaling/v2',
    metadata: withoutConversionAnnotations(v1.metadata),
    spec: { ...spec, metrics: metrics.length > 0 ? metrics : [structuredClone(DEFAULT_CPU_METRIC)], ...(behavior && { behavior }) },
  };
  if (v1.status) out.status = { ...status, ...(currentMetrics.length > 0 && { currentMetrics }), ...(conditions && { conditions }) };
  return out;
}

export function hpaV2ToV1(obj: KubeObject): HPAv1 {
  const v2 = obj as HPAv2;
  const { metrics = [], behavior, ...spec } = v2.spec ?? {};
  const cpu = metrics.find(isCpuUtilization)?.resource?.target?.averageUtilization;
  const others = metrics.filter((m) => !isCpuUtilization(m)).map(specToV1);
  const { currentMetrics = [], conditions = [], ...status } = v2.status ?? {};
  const currentCpu = currentMetrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current?.averageUtilization;
  const annotations: Record<string, string> = { ...v2.metadata?.annotations };
  if (others.length > 0) annotations[METRICS] = JSON.stringify(others);
  // The CPU status is kept too, so that its raw value survives the round trip.
  if (currentMetrics.length > 0) annotations[CURRENT_METRICS] = JSON.stringify(currentMetrics.map(statusToV1));
  if (behavior) annotations[BEHAVIOR] = JSON.stringify(behavior);
  if (conditions.length > 0) annotations[CONDITIONS] = JSON.stringify(conditions);
  const out: HPAv1 = {
    ...v2,
    apiVersion: 'autoscaling/v1',
    metadata: { ...v2.metadata, ...(Object.keys(annotations).length > 0 && { annotations }) },
    spec: { ...spec, ...(cpu !== undefined && { targetCPUUtilizationPercentage: cpu }) },
  };
  // v1's replica counts are not omitempty.
  if (v2.status) out.status = { currentReplicas: 0, desiredReplicas: 0, ...status, ...(currentCpu !== undefined && { currentCPUUtilizationPercentage: currentCpu }) };
  return out;
}

export const hpaV1 = defineKind<HPAv1>({
  group: 'autoscaling',
  version: 'v1',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  hasStatus: true,
  storageResource: 'autoscaling/horizontalpodautoscalers',
  toStorage: hpaV1ToV2,
  fromStorage: hpaV2ToV1,
  defaults: (hpa) => {
    (hpa.spec ??= {}).minReplicas ??= 1;
  },
  validateSpec: (hpa) => validateHPASpec(hpaV1ToV2(hpa)),
  prepareForCreate: (hpa) => {
    hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  columns: HPA_COLUMNS,
  cells: (hpa, now) => hpaCells(hpaV1ToV2(hpa), now),
});

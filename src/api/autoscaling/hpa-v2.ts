// autoscaling/v2 HorizontalPodAutoscaler: the storage version. autoscaling/v1 validates and
// prints through it after conversion, as upstream does through the internal type.

import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { oneOf, pathSegmentName } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import type { HPAv2, MetricSpec, MetricStatus, MetricTarget, ScalingRules } from './types.js';

/** What the controller targets when no metric is given (80% of requested CPU). */
export const DEFAULT_CPU_METRIC: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } };

function defaultRules(rules: ScalingRules | undefined, fallback: Required<ScalingRules>): ScalingRules {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? fallback.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy || fallback.selectPolicy,
    policies: rules?.policies ?? fallback.policies,
  };
}

function defaults(hpa: HPAv2): void {
  const spec = (hpa.spec ??= {});
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) spec.metrics = [structuredClone(DEFAULT_CPU_METRIC)];
  // A behavior given in part is completed with the controller's defaults.
  if (spec.behavior) {
    spec.behavior.scaleUp = defaultRules(spec.behavior.scaleUp, {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    });
    spec.behavior.scaleDown = defaultRules(spec.behavior.scaleDown, {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
  }
}

const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' } as const;

function validateTarget(t: MetricTarget | undefined, path: string): FieldError[] {
  if (!t?.type) return [fieldRequired(`${path}.type`, 'must specify a metric target type')];
  const errs = oneOf(t.type, ['AverageValue', 'Utilization', 'Value'], `${path}.type`);
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) errs.push(fieldInvalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  if (t.type === 'Utilization' && t.averageUtilization === undefined) errs.push(fieldRequired(`${path}.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (t.type === 'AverageValue' && t.averageValue === undefined) errs.push(fieldRequired(`${path}.averageValue`, 'must set either a target value for metric or a per-pod target'));
  if (t.type === 'Value' && t.value === undefined) errs.push(fieldRequired(`${path}.value`, 'must set either a target value for metric or a per-pod target'));
  return errs;
}

function validateMetric(m: MetricSpec, path: string): FieldError[] {
  if (!m.type) return [fieldRequired(`${path}.type`, 'must specify a metric source type')];
  if (!SOURCE_TYPES.includes(m.type)) return oneOf(m.type, SOURCE_TYPES, `${path}.type`);
  const expected = SOURCE_FIELDS[m.type as keyof typeof SOURCE_FIELDS];
  const errs: FieldError[] = [];
  for (const field of Object.values(SOURCE_FIELDS)) {
    if (field !== expected && m[field]) errs.push(fieldForbidden(`${path}.${field}`, 'must populate the given metric source only'));
  }
  const source = m[expected];
  if (!source) return [...errs, fieldRequired(`${path}.${expected}`, 'must populate information for the given metric source')];
  if ('name' in source && !source.name && (expected === 'resource' || expected === 'containerResource')) errs.push(fieldRequired(`${path}.${expected}.name`, 'must specify a resource name'));
  return [...errs, ...validateTarget(source.target, `${path}.${expected}.target`)];
}

/** Everything but metadata; autoscaling/v1 objects are checked by this after conversion. */
export function validateHPASpec(hpa: HPAv2): FieldError[] {
  const spec = hpa.spec ?? {};
  const errs: FieldError[] = [];
  const ref = spec.scaleTargetRef;
  for (const key of ['kind', 'name'] as const) {
    const value = ref?.[key];
    if (!value) errs.push(fieldRequired(`spec.scaleTargetRef.${key}`));
    else for (const msg of pathSegmentName(value, false)) errs.push(fieldInvalid(`spec.scaleTargetRef.${key}`, value, msg));
  }
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (min !== undefined && min < 1) errs.push(fieldInvalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(fieldInvalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(fieldInvalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((m, i) => errs.push(...validateMetric(m, `spec.metrics[${i}]`)));
  return errs;
}

/** One TARGETS entry: `<name>: <current>/<target>` for resources, `<current>/<target>` otherwise. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const field = SOURCE_FIELDS[spec.type];
      const source = spec[field];
      const current = status?.[field]?.current;
      const target = source?.target;
      if (target?.averageValue !== undefined) return `${source?.name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
      const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
      const want = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
      return `${source?.name}: ${now}/${want}`;
    }
    case 'Pods':
      return `${status?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue}`;
    case 'Object':
    case 'External': {
      const field = SOURCE_FIELDS[spec.type];
      const target = spec[field]?.target;
      const current = status?.[field]?.current;
      if (target?.averageValue !== undefined) return `${current?.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`;
      return `${current?.value ?? '<unknown>'}/${target?.value}`;
    }
    default:
      return '<unknown type>';
  }
}

/** upstream's formatHPAMetrics: two metrics, then how many more. */
function targetsCell(hpa: HPAv2): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.map((s, i) => formatMetric(s, statuses[i]?.type === s.type ? statuses[i] : undefined));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

export const HPA_COLUMNS = [
  NAME_COLUMN,
  column('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
  column('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.'),
  column('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.'),
  column('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
  column('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
  AGE_COLUMN,
];

export function hpaCells(hpa: HPAv2, now: Date): unknown[] {
  const spec = hpa.spec ?? {};
  return [
    nameCell(hpa),
    `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`,
    targetsCell(hpa),
    spec.minReplicas === undefined ? '<unset>' : String(spec.minReplicas),
    spec.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    ageCell(hpa, now),
  ];
}

export const hpaV2 = defineKind<HPAv2>({
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  hasStatus: true,
  defaults,
  validateSpec: validateHPASpec,
  // desiredReplicas is not omitempty in v2.
  prepareForCreate: (hpa) => {
    hpa.status = { desiredReplicas: 0 };
  },
  columns: HPA_COLUMNS,
  cells: hpaCells,
});

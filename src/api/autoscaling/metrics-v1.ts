// autoscaling/v1 has only a CPU target; every other v2 metric travels in annotations in the
// older, flat metric form (`targetAverageValue`, `metricName`…). These convert one metric
// spec or status between that form and v2's, as upstream's autoscaling/v1 conversions do.

import type { MetaLabelSelector } from '../common/selector.js';
import type { CrossVersionObjectReference, MetricSpec, MetricStatus, MetricTarget } from './types.js';

/** One metric as the v1 annotations spell it. */
export interface FlatMetric {
  type?: string;
  resource?: FlatSource;
  containerResource?: FlatSource;
  pods?: FlatSource;
  object?: FlatSource;
  external?: FlatSource;
}

interface FlatSource {
  name?: string;
  container?: string;
  metricName?: string;
  selector?: MetaLabelSelector;
  metricSelector?: MetaLabelSelector;
  target?: CrossVersionObjectReference;
  targetValue?: string;
  targetAverageValue?: string;
  targetAverageUtilization?: number;
  averageValue?: string;
  currentValue?: string;
  currentAverageValue?: string;
  currentAverageUtilization?: number;
}

/** Drops the keys whose value is undefined, so converted objects carry no empty fields. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function specToV1(m: MetricSpec): FlatMetric {
  const out: FlatMetric = { type: m.type };
  if (m.resource) out.resource = compact({ name: m.resource.name, ...resourceTargetToV1(m.resource.target) });
  if (m.containerResource) out.containerResource = compact({ name: m.containerResource.name, container: m.containerResource.container, ...resourceTargetToV1(m.containerResource.target) });
  if (m.pods) out.pods = compact({ metricName: m.pods.metric?.name, selector: m.pods.metric?.selector, targetAverageValue: m.pods.target?.averageValue });
  if (m.object) {
    const { describedObject, metric, target } = m.object;
    out.object = compact({ target: describedObject, metricName: metric?.name, selector: metric?.selector, targetValue: target?.value, averageValue: target?.averageValue });
  }
  if (m.external) {
    const { metric, target } = m.external;
    out.external = compact({ metricName: metric?.name, metricSelector: metric?.selector, targetValue: target?.value, targetAverageValue: target?.averageValue });
  }
  return out;
}

function resourceTargetToV1(t: MetricTarget | undefined): FlatSource {
  return t?.type === 'Utilization' ? { targetAverageUtilization: t.averageUtilization } : { targetAverageValue: t?.averageValue };
}

export function specFromV1(m: FlatMetric): MetricSpec {
  const out: MetricSpec = { type: m.type };
  const resourceTarget = (s: FlatSource) =>
    s.targetAverageUtilization === undefined ? { type: 'AverageValue', averageValue: s.targetAverageValue } : { type: 'Utilization', averageUtilization: s.targetAverageUtilization };
  if (m.resource) out.resource = { name: m.resource.name, target: compact(resourceTarget(m.resource)) };
  if (m.containerResource) out.containerResource = compact({ name: m.containerResource.name, container: m.containerResource.container, target: compact(resourceTarget(m.containerResource)) });
  if (m.pods) out.pods = { metric: compact({ name: m.pods.metricName, selector: m.pods.selector }), target: compact({ type: 'AverageValue', averageValue: m.pods.targetAverageValue }) };
  if (m.object) {
    const o = m.object;
    const type = o.averageValue === undefined ? 'Value' : 'AverageValue';
    out.object = { describedObject: o.target, metric: compact({ name: o.metricName, selector: o.selector }), target: compact({ type, value: o.targetValue, averageValue: o.averageValue }) };
  }
  if (m.external) {
    const e = m.external;
    const type = e.targetValue === undefined ? 'AverageValue' : 'Value';
    out.external = { metric: compact({ name: e.metricName, selector: e.metricSelector }), target: compact({ type, value: e.targetValue, averageValue: e.targetAverageValue }) };
  }
  return out;
}

export function statusToV1(m: MetricStatus): FlatMetric {
  const out: FlatMetric = { type: m.type };
  if (m.resource) out.resource = compact({ name: m.resource.name, currentAverageUtilization: m.resource.current?.averageUtilization, currentAverageValue: m.resource.current?.averageValue });
  if (m.containerResource) {
    const c = m.containerResource;
    out.containerResource = compact({ name: c.name, container: c.container, currentAverageUtilization: c.current?.averageUtilization, currentAverageValue: c.current?.averageValue });
  }
  if (m.pods) out.pods = compact({ metricName: m.pods.metric?.name, selector: m.pods.metric?.selector, currentAverageValue: m.pods.current?.averageValue });
  if (m.object) {
    const { describedObject, metric, current } = m.object;
    out.object = compact({ target: describedObject, metricName: metric?.name, selector: metric?.selector, currentValue: current?.value, averageValue: current?.averageValue });
  }
  if (m.external) {
    const { metric, current } = m.external;
    out.external = compact({ metricName: metric?.name, metricSelector: metric?.selector, currentValue: current?.value, currentAverageValue: current?.averageValue });
  }
  return out;
}

export function statusFromV1(m: FlatMetric): MetricStatus {
  const out: MetricStatus = { type: m.type };
  const resourceCurrent = (s: FlatSource) => compact({ averageValue: s.currentAverageValue, averageUtilization: s.currentAverageUtilization });
  if (m.resource) out.resource = { name: m.resource.name, current: resourceCurrent(m.resource) };
  if (m.containerResource) out.containerResource = compact({ name: m.containerResource.name, container: m.containerResource.container, current: resourceCurrent(m.containerResource) });
  if (m.pods) out.pods = { metric: compact({ name: m.pods.metricName, selector: m.pods.selector }), current: compact({ averageValue: m.pods.currentAverageValue }) };
  if (m.object) {
    const o = m.object;
    out.object = { describedObject: o.target, metric: compact({ name: o.metricName, selector: o.selector }), current: compact({ value: o.currentValue, averageValue: o.averageValue }) };
  }
  if (m.external) {
    const e = m.external;
    out.external = { metric: compact({ name: e.metricName, selector: e.metricSelector }), current: compact({ value: e.currentValue, averageValue: e.currentAverageValue }) };
  }
  return out;
}

// Schema facts of io.k8s.api.autoscaling.v2, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const autoscalingV2: PackageFacts = {
  pkg: 'io.k8s.api.autoscaling.v2',
  group: 'autoscaling',
  version: 'v2',
  kinds: ['HorizontalPodAutoscaler', 'HorizontalPodAutoscalerList'],
  types: {
    ContainerResourceMetricSource: {
      name: [1, 'string', { req: true }],
      target: [2, 'MetricTarget', { req: true }],
      container: [3, 'string', { req: true }],
    },
    ContainerResourceMetricStatus: {
      name: [1, 'string', { req: true }],
      current: [2, 'MetricValueStatus', { req: true }],
      container: [3, 'string', { req: true }],
    },
    CrossVersionObjectReference: {
      kind: [1, 'string', { req: true }],
      name: [2, 'string', { req: true }],
      apiVersion: [3, 'string'],
    },
    ExternalMetricSource: {
      metric: [1, 'MetricIdentifier', { req: true }],
      target: [2, 'MetricTarget', { req: true }],
    },
    ExternalMetricStatus: {
      metric: [1, 'MetricIdentifier', { req: true }],
      current: [2, 'MetricValueStatus', { req: true }],
    },
    HPAScalingPolicy: {
      type: [1, 'string', { req: true }],
      value: [2, 'int32', { req: true }],
      periodSeconds: [3, 'int32', { req: true }],
    },
    HPAScalingRules: {
      stabilizationWindowSeconds: [3, 'int32', { ptr: true }],
      selectPolicy: [1, 'string', { ptr: true }],
      policies: [2, 'HPAScalingPolicy[]', { lt: 'atomic' }],
    },
    HorizontalPodAutoscaler: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'HorizontalPodAutoscalerSpec'],
      status: [3, 'HorizontalPodAutoscalerStatus'],
    },
    HorizontalPodAutoscalerBehavior: {
      scaleUp: [1, 'HPAScalingRules'],
      scaleDown: [2, 'HPAScalingRules'],
    },
    HorizontalPodAutoscalerCondition: {
      type: [1, 'string', { req: true }],
      status: [2, 'string', { req: true }],
      lastTransitionTime: [3, 'Time'],
      reason: [4, 'string'],
      message: [5, 'string'],
    },
    HorizontalPodAutoscalerList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'HorizontalPodAutoscaler[]', { req: true }],
    },
    HorizontalPodAutoscalerSpec: {
      scaleTargetRef: [1, 'CrossVersionObjectReference', { req: true }],
      minReplicas: [2, 'int32', { ptr: true }],
      maxReplicas: [3, 'int32', { req: true }],
      metrics: [4, 'MetricSpec[]', { lt: 'atomic' }],
      behavior: [5, 'HorizontalPodAutoscalerBehavior'],
    },
    HorizontalPodAutoscalerStatus: {
      observedGeneration: [1, 'int64', { ptr: true }],
      lastScaleTime: [2, 'Time'],
      currentReplicas: [3, 'int32'],
      desiredReplicas: [4, 'int32', { req: true }],
      currentMetrics: [5, 'MetricStatus[]', { lt: 'atomic' }],
      conditions: [6, 'HorizontalPodAutoscalerCondition[]', { ps: 'merge', mk: 'type', lt: 'map', keys: ['type'] }],
    },
    MetricIdentifier: {
      name: [1, 'string', { req: true }],
      selector: [2, 'meta.v1.LabelSelector'],
    },
    MetricSpec: {
      type: [1, 'string', { req: true }],
      object: [2, 'ObjectMetricSource'],
      pods: [3, 'PodsMetricSource'],
      resource: [4, 'ResourceMetricSource'],
      containerResource: [7, 'ContainerResourceMetricSource'],
      external: [5, 'ExternalMetricSource'],
    },
    MetricStatus: {
      type: [1, 'string', { req: true }],
      object: [2, 'ObjectMetricStatus'],
      pods: [3, 'PodsMetricStatus'],
      resource: [4, 'ResourceMetricStatus'],
      containerResource: [7, 'ContainerResourceMetricStatus'],
      external: [5, 'ExternalMetricStatus'],
    },
    MetricTarget: {
      type: [1, 'string', { req: true }],
      value: [2, 'Quantity'],
      averageValue: [3, 'Quantity'],
      averageUtilization: [4, 'int32', { ptr: true }],
    },
    MetricValueStatus: {
      value: [1, 'Quantity'],
      averageValue: [2, 'Quantity'],
      averageUtilization: [3, 'int32', { ptr: true }],
    },
    ObjectMetricSource: {
      describedObject: [1, 'CrossVersionObjectReference', { req: true }],
      target: [2, 'MetricTarget', { req: true }],
      metric: [3, 'MetricIdentifier', { req: true }],
    },
    ObjectMetricStatus: {
      metric: [1, 'MetricIdentifier', { req: true }],
      current: [2, 'MetricValueStatus', { req: true }],
      describedObject: [3, 'CrossVersionObjectReference', { req: true }],
    },
    PodsMetricSource: {
      metric: [1, 'MetricIdentifier', { req: true }],
      target: [2, 'MetricTarget', { req: true }],
    },
    PodsMetricStatus: {
      metric: [1, 'MetricIdentifier', { req: true }],
      current: [2, 'MetricValueStatus', { req: true }],
    },
    ResourceMetricSource: {
      name: [1, 'string', { req: true }],
      target: [2, 'MetricTarget', { req: true }],
    },
    ResourceMetricStatus: {
      name: [1, 'string', { req: true }],
      current: [2, 'MetricValueStatus', { req: true }],
    },
  },
};

// Schema facts of io.k8s.api.autoscaling.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const autoscalingV1: PackageFacts = {
  pkg: 'io.k8s.api.autoscaling.v1',
  group: 'autoscaling',
  version: 'v1',
  kinds: ['HorizontalPodAutoscaler', 'HorizontalPodAutoscalerList', 'Scale'],
  atomic: ['CrossVersionObjectReference'],
  types: {
    CrossVersionObjectReference: {
      kind: [1, 'string', { req: true }],
      name: [2, 'string', { req: true }],
      apiVersion: [3, 'string'],
    },
    HorizontalPodAutoscaler: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'HorizontalPodAutoscalerSpec'],
      status: [3, 'HorizontalPodAutoscalerStatus'],
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
      targetCPUUtilizationPercentage: [4, 'int32', { ptr: true }],
    },
    HorizontalPodAutoscalerStatus: {
      observedGeneration: [1, 'int64', { ptr: true }],
      lastScaleTime: [2, 'Time'],
      currentReplicas: [3, 'int32', { req: true }],
      desiredReplicas: [4, 'int32', { req: true }],
      currentCPUUtilizationPercentage: [5, 'int32', { ptr: true }],
    },
    Scale: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'ScaleSpec'],
      status: [3, 'ScaleStatus'],
    },
    ScaleSpec: {
      replicas: [1, 'int32'],
    },
    ScaleStatus: {
      replicas: [1, 'int32', { req: true }],
      selector: [2, 'string'],
    },
  },
};

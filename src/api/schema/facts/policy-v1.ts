// Schema facts of io.k8s.api.policy.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const policyV1: PackageFacts = {
  pkg: 'io.k8s.api.policy.v1',
  group: 'policy',
  version: 'v1',
  kinds: ['Eviction', 'PodDisruptionBudget', 'PodDisruptionBudgetList'],
  types: {
    Eviction: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      deleteOptions: [2, 'meta.v1.DeleteOptions'],
    },
    PodDisruptionBudget: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'PodDisruptionBudgetSpec'],
      status: [3, 'PodDisruptionBudgetStatus'],
    },
    PodDisruptionBudgetList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'PodDisruptionBudget[]', { req: true }],
    },
    PodDisruptionBudgetSpec: {
      minAvailable: [1, 'IntOrString'],
      selector: [2, 'meta.v1.LabelSelector', { ps: 'replace' }],
      maxUnavailable: [3, 'IntOrString'],
      unhealthyPodEvictionPolicy: [4, 'string', { ptr: true }],
    },
    PodDisruptionBudgetStatus: {
      observedGeneration: [1, 'int64'],
      disruptedPods: [2, '{Time}'],
      disruptionsAllowed: [3, 'int32', { req: true }],
      currentHealthy: [4, 'int32', { req: true }],
      desiredHealthy: [5, 'int32', { req: true }],
      expectedPods: [6, 'int32', { req: true }],
      conditions: [7, 'meta.v1.Condition[]', { ps: 'merge', mk: 'type', lt: 'map', keys: ['type'] }],
    },
  },
};

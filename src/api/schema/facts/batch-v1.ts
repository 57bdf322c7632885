// Schema facts of io.k8s.api.batch.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const batchV1: PackageFacts = {
  pkg: 'io.k8s.api.batch.v1',
  group: 'batch',
  version: 'v1',
  kinds: ['Job', 'JobList', 'CronJob', 'CronJobList'],
  types: {
    CronJob: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'CronJobSpec'],
      status: [3, 'CronJobStatus'],
    },
    CronJobList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'CronJob[]', { req: true }],
    },
    CronJobSpec: {
      schedule: [1, 'string', { req: true }],
      timeZone: [8, 'string', { ptr: true }],
      startingDeadlineSeconds: [2, 'int64', { ptr: true }],
      concurrencyPolicy: [3, 'string'],
      suspend: [4, 'bool', { ptr: true }],
      jobTemplate: [5, 'JobTemplateSpec', { req: true }],
      successfulJobsHistoryLimit: [6, 'int32', { ptr: true }],
      failedJobsHistoryLimit: [7, 'int32', { ptr: true }],
    },
    CronJobStatus: {
      active: [1, 'core.v1.ObjectReference[]', { lt: 'atomic' }],
      lastScheduleTime: [4, 'Time'],
      lastSuccessfulTime: [5, 'Time'],
    },
    Job: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'JobSpec'],
      status: [3, 'JobStatus'],
    },
    JobCondition: {
      type: [1, 'string', { req: true }],
      status: [2, 'string', { req: true }],
      lastProbeTime: [3, 'Time'],
      lastTransitionTime: [4, 'Time'],
      reason: [5, 'string'],
      message: [6, 'string'],
    },
    JobList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'Job[]', { req: true }],
    },
    JobSpec: {
      parallelism: [1, 'int32', { ptr: true }],
      completions: [2, 'int32', { ptr: true }],
      activeDeadlineSeconds: [3, 'int64', { ptr: true }],
      podFailurePolicy: [11, 'PodFailurePolicy'],
      successPolicy: [16, 'SuccessPolicy'],
      backoffLimit: [7, 'int32', { ptr: true }],
      backoffLimitPerIndex: [12, 'int32', { ptr: true }],
      maxFailedIndexes: [13, 'int32', { ptr: true }],
      selector: [4, 'meta.v1.LabelSelector'],
      manualSelector: [5, 'bool', { ptr: true }],
      template: [6, 'core.v1.PodTemplateSpec', { req: true }],
      ttlSecondsAfterFinished: [8, 'int32', { ptr: true }],
      completionMode: [9, 'string', { ptr: true }],
      suspend: [10, 'bool', { ptr: true }],
      podReplacementPolicy: [14, 'string', { ptr: true }],
      managedBy: [15, 'string', { ptr: true }],
    },
    JobStatus: {
      conditions: [1, 'JobCondition[]', { ps: 'merge', mk: 'type', lt: 'atomic' }],
      startTime: [2, 'Time'],
      completionTime: [3, 'Time'],
      active: [4, 'int32'],
      succeeded: [5, 'int32'],
      failed: [6, 'int32'],
      terminating: [11, 'int32', { ptr: true }],
      completedIndexes: [7, 'string'],
      failedIndexes: [10, 'string', { ptr: true }],
      uncountedTerminatedPods: [8, 'UncountedTerminatedPods'],
      ready: [9, 'int32', { ptr: true }],
    },
    JobTemplateSpec: {
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'JobSpec'],
    },
    PodFailurePolicy: {
      rules: [1, 'PodFailurePolicyRule[]', { lt: 'atomic', req: true }],
    },
    PodFailurePolicyOnExitCodesRequirement: {
      containerName: [1, 'string', { ptr: true }],
      operator: [2, 'string', { req: true }],
      values: [3, 'int32[]', { lt: 'set', req: true }],
    },
    PodFailurePolicyOnPodConditionsPattern: {
      type: [1, 'string', { req: true }],
      status: [2, 'string', { req: true }],
    },
    PodFailurePolicyRule: {
      action: [1, 'string', { req: true }],
      onExitCodes: [2, 'PodFailurePolicyOnExitCodesRequirement'],
      onPodConditions: [3, 'PodFailurePolicyOnPodConditionsPattern[]', { lt: 'atomic' }],
    },
    SuccessPolicy: {
      rules: [1, 'SuccessPolicyRule[]', { lt: 'atomic', req: true }],
    },
    SuccessPolicyRule: {
      succeededIndexes: [1, 'string', { ptr: true }],
      succeededCount: [2, 'int32', { ptr: true }],
    },
    UncountedTerminatedPods: {
      succeeded: [1, 'string[]', { lt: 'set' }],
      failed: [2, 'string[]', { lt: 'set' }],
    },
  },
};

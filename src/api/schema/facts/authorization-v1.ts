// Schema facts of io.k8s.api.authorization.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const authorizationV1: PackageFacts = {
  pkg: 'io.k8s.api.authorization.v1',
  group: 'authorization.k8s.io',
  version: 'v1',
  kinds: ['SelfSubjectAccessReview', 'SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview'],
  types: {
    FieldSelectorAttributes: {
      rawSelector: [1, 'string'],
      requirements: [2, 'meta.v1.FieldSelectorRequirement[]', { lt: 'atomic' }],
    },
    LabelSelectorAttributes: {
      rawSelector: [1, 'string'],
      requirements: [2, 'meta.v1.LabelSelectorRequirement[]', { lt: 'atomic' }],
    },
    LocalSubjectAccessReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'SubjectAccessReviewSpec', { req: true }],
      status: [3, 'SubjectAccessReviewStatus'],
    },
    NonResourceAttributes: {
      path: [1, 'string'],
      verb: [2, 'string'],
    },
    NonResourceRule: {
      verbs: [1, 'string[]', { lt: 'atomic', req: true }],
      nonResourceURLs: [2, 'string[]', { lt: 'atomic' }],
    },
    ResourceAttributes: {
      namespace: [1, 'string'],
      verb: [2, 'string'],
      group: [3, 'string'],
      version: [4, 'string'],
      resource: [5, 'string'],
      subresource: [6, 'string'],
      name: [7, 'string'],
      fieldSelector: [8, 'FieldSelectorAttributes'],
      labelSelector: [9, 'LabelSelectorAttributes'],
    },
    ResourceRule: {
      verbs: [1, 'string[]', { lt: 'atomic', req: true }],
      apiGroups: [2, 'string[]', { lt: 'atomic' }],
      resources: [3, 'string[]', { lt: 'atomic' }],
      resourceNames: [4, 'string[]', { lt: 'atomic' }],
    },
    SelfSubjectAccessReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'SelfSubjectAccessReviewSpec', { req: true }],
      status: [3, 'SubjectAccessReviewStatus'],
    },
    SelfSubjectAccessReviewSpec: {
      resourceAttributes: [1, 'ResourceAttributes'],
      nonResourceAttributes: [2, 'NonResourceAttributes'],
    },
    SelfSubjectRulesReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'SelfSubjectRulesReviewSpec', { req: true }],
      status: [3, 'SubjectRulesReviewStatus'],
    },
    SelfSubjectRulesReviewSpec: {
      namespace: [1, 'string'],
    },
    SubjectAccessReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'SubjectAccessReviewSpec', { req: true }],
      status: [3, 'SubjectAccessReviewStatus'],
    },
    SubjectAccessReviewSpec: {
      resourceAttributes: [1, 'ResourceAttributes'],
      nonResourceAttributes: [2, 'NonResourceAttributes'],
      user: [3, 'string'],
      groups: [4, 'string[]', { lt: 'atomic' }],
      extra: [5, '{string[]}'],
      uid: [6, 'string'],
    },
    SubjectAccessReviewStatus: {
      allowed: [1, 'bool', { req: true }],
      denied: [4, 'bool'],
      reason: [2, 'string'],
      evaluationError: [3, 'string'],
    },
    SubjectRulesReviewStatus: {
      resourceRules: [1, 'ResourceRule[]', { lt: 'atomic', req: true }],
      nonResourceRules: [2, 'NonResourceRule[]', { lt: 'atomic', req: true }],
      incomplete: [3, 'bool', { req: true }],
      evaluationError: [4, 'string'],
    },
  },
};

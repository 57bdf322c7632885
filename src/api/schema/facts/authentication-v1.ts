// Schema facts of io.k8s.api.authentication.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const authenticationV1: PackageFacts = {
  pkg: 'io.k8s.api.authentication.v1',
  group: 'authentication.k8s.io',
  version: 'v1',
  kinds: ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  types: {
    BoundObjectReference: {
      kind: [1, 'string'],
      apiVersion: [2, 'string'],
      name: [3, 'string'],
      uid: [4, 'string'],
    },
    SelfSubjectReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      status: [2, 'SelfSubjectReviewStatus'],
    },
    SelfSubjectReviewStatus: {
      userInfo: [1, 'UserInfo'],
    },
    TokenRequest: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'TokenRequestSpec', { req: true }],
      status: [3, 'TokenRequestStatus'],
    },
    TokenRequestSpec: {
      audiences: [1, 'string[]', { lt: 'atomic', req: true }],
      expirationSeconds: [4, 'int64', { ptr: true }],
      boundObjectRef: [3, 'BoundObjectReference'],
    },
    TokenRequestStatus: {
      token: [1, 'string', { req: true }],
      expirationTimestamp: [2, 'Time', { req: true }],
    },
    TokenReview: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'TokenReviewSpec', { req: true }],
      status: [3, 'TokenReviewStatus'],
    },
    TokenReviewSpec: {
      token: [1, 'string'],
      audiences: [2, 'string[]', { lt: 'atomic' }],
    },
    TokenReviewStatus: {
      authenticated: [1, 'bool'],
      user: [2, 'UserInfo'],
      audiences: [4, 'string[]', { lt: 'atomic' }],
      error: [3, 'string'],
    },
    UserInfo: {
      username: [1, 'string'],
      uid: [2, 'string'],
      groups: [3, 'string[]', { lt: 'atomic' }],
      extra: [4, '{string[]}'],
    },
  },
};

// Schema facts of io.k8s.api.coordination.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const coordinationV1: PackageFacts = {
  pkg: 'io.k8s.api.coordination.v1',
  group: 'coordination.k8s.io',
  version: 'v1',
  kinds: ['Lease', 'LeaseList'],
  types: {
    Lease: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'LeaseSpec'],
    },
    LeaseList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'Lease[]', { req: true }],
    },
    LeaseSpec: {
      holderIdentity: [1, 'string', { ptr: true }],
      leaseDurationSeconds: [2, 'int32', { ptr: true }],
      acquireTime: [3, 'MicroTime'],
      renewTime: [4, 'MicroTime'],
      leaseTransitions: [5, 'int32', { ptr: true }],
      strategy: [6, 'string', { ptr: true }],
      preferredHolder: [7, 'string', { ptr: true }],
    },
  },
};

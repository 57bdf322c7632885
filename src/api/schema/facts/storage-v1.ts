// Schema facts of io.k8s.api.storage.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const storageV1: PackageFacts = {
  pkg: 'io.k8s.api.storage.v1',
  group: 'storage.k8s.io',
  version: 'v1',
  kinds: ['StorageClass', 'StorageClassList'],
  types: {
    StorageClass: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      provisioner: [2, 'string', { req: true }],
      parameters: [3, '{string}'],
      reclaimPolicy: [4, 'string', { ptr: true }],
      mountOptions: [5, 'string[]', { lt: 'atomic' }],
      allowVolumeExpansion: [6, 'bool', { ptr: true }],
      volumeBindingMode: [7, 'string', { ptr: true }],
      allowedTopologies: [8, 'core.v1.TopologySelectorTerm[]', { lt: 'atomic' }],
    },
    StorageClassList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'StorageClass[]', { req: true }],
    },
  },
};

// Schema facts of io.k8s.api.discovery.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const discoveryV1: PackageFacts = {
  pkg: 'io.k8s.api.discovery.v1',
  group: 'discovery.k8s.io',
  version: 'v1',
  kinds: ['EndpointSlice', 'EndpointSliceList'],
  atomic: ['EndpointPort'],
  types: {
    Endpoint: {
      addresses: [1, 'string[]', { lt: 'set', req: true }],
      conditions: [2, 'EndpointConditions'],
      hostname: [3, 'string', { ptr: true }],
      targetRef: [4, 'core.v1.ObjectReference'],
      deprecatedTopology: [5, '{string}'],
      nodeName: [6, 'string', { ptr: true }],
      zone: [7, 'string', { ptr: true }],
      hints: [8, 'EndpointHints'],
    },
    EndpointConditions: {
      ready: [1, 'bool', { ptr: true }],
      serving: [2, 'bool', { ptr: true }],
      terminating: [3, 'bool', { ptr: true }],
    },
    EndpointHints: {
      forZones: [1, 'ForZone[]', { lt: 'atomic' }],
    },
    EndpointPort: {
      name: [1, 'string', { ptr: true }],
      protocol: [2, 'string', { ptr: true }],
      port: [3, 'int32', { ptr: true }],
      appProtocol: [4, 'string', { ptr: true }],
    },
    EndpointSlice: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      addressType: [4, 'string', { req: true }],
      endpoints: [2, 'Endpoint[]', { lt: 'atomic', req: true }],
      ports: [3, 'EndpointPort[]', { lt: 'atomic' }],
    },
    EndpointSliceList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'EndpointSlice[]', { req: true }],
    },
    ForZone: {
      name: [1, 'string', { req: true }],
    },
  },
};

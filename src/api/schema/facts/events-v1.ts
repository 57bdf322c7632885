// Schema facts of io.k8s.api.events.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const eventsV1: PackageFacts = {
  pkg: 'io.k8s.api.events.v1',
  group: 'events.k8s.io',
  version: 'v1',
  kinds: ['Event', 'EventList'],
  types: {
    Event: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      eventTime: [2, 'MicroTime', { req: true }],
      series: [3, 'EventSeries'],
      reportingController: [4, 'string'],
      reportingInstance: [5, 'string'],
      action: [6, 'string'],
      reason: [7, 'string'],
      regarding: [8, 'core.v1.ObjectReference'],
      related: [9, 'core.v1.ObjectReference'],
      note: [10, 'string'],
      type: [11, 'string'],
      deprecatedSource: [12, 'core.v1.EventSource'],
      deprecatedFirstTimestamp: [13, 'Time'],
      deprecatedLastTimestamp: [14, 'Time'],
      deprecatedCount: [15, 'int32'],
    },
    EventList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'Event[]', { req: true }],
    },
    EventSeries: {
      count: [1, 'int32', { req: true }],
      lastObservedTime: [2, 'MicroTime', { req: true }],
    },
  },
};

// Plain Services and Pods for the endpoints and EndpointSlice controller unit tests.

import type { Service } from '../../../src/api/core/services.js';
import type { Pod } from '../../../src/api/core/types.js';

export interface PodOptions {
  ip?: string;
  ready?: boolean;
  phase?: string;
  node?: string;
  labels?: Record<string, string>;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  deleting?: boolean;
  hostname?: string;
  subdomain?: string;
  readySince?: string;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '1', labels: o.labels ?? { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'node-a', hostname: o.hostname, subdomain: o.subdomain, containers: [{ name: 'c', image: 'x', ports: o.ports ?? [] }] },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.ip === '' ? {} : { podIP: o.ip ?? '10.0.0.1' }),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2024-01-01T00:00:00Z' } as never],
    },
  };
}

export interface ServiceOptions {
  ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
  selector?: Record<string, string> | null;
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
  labels?: Record<string, string>;
}

export function service(name: string, o: ServiceOptions = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ns', uid: `uid-svc-${name}`, labels: o.labels, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: {
      selector: o.selector === null ? undefined : (o.selector ?? { app: 'web' }),
      clusterIP: o.clusterIP ?? '10.43.0.5',
      ipFamilies: ['IPv4'],
      ports: (o.ports ?? [{ port: 80, targetPort: 8080 }]).map((p) => ({ protocol: 'TCP', ...p })),
      ...(o.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
    },
  };
}

// The `kubernetes` Service in `default` (upstream's master controller): the first address of
// the service CIDR, port 443 named https, and Endpoints plus an EndpointSlice naming the API
// server's advertised address, so in-cluster clients find the API the usual way. Reconciled at
// every start, since the address or port may have changed.

import os from 'node:os';
import type { KubeObject } from '../api/resource.js';
import { StatusError } from '../machinery/status.js';
import type { RequestContext } from './registry/context.js';
import type { Registry } from './registry/registry.js';
import type { Registries } from './registries.js';

const NAME = 'kubernetes';
const NAMESPACE = 'default';
const LABELS = { component: 'apiserver', provider: 'kubernetes' };

/** Creates `desired`, or replaces the stored one's spec-like fields with it (a no-op when they are equal). */
async function reconcile(reg: Registry, ctx: RequestContext, desired: KubeObject, fields: string[]): Promise<void> {
  try {
    await reg.get(NAMESPACE, NAME);
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
    await reg.create(ctx, NAMESPACE, structuredClone(desired));
    return;
  }
  await reg.update(ctx, NAMESPACE, NAME, (current) => {
    for (const f of fields) current[f] = structuredClone(desired[f]);
    current.metadata = { ...current.metadata, labels: { ...current.metadata?.labels, ...desired.metadata?.labels } };
    return current;
  });
}

/** As kube-apiserver picks its --advertise-address: the first non-loopback IPv4 address. */
export function defaultAdvertiseAddress(): string | undefined {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** The Service always; its endpoints only when there is an address pods could reach (not loopback). */
export async function ensureKubernetesService(regs: Registries, ctx: RequestContext, address: string | undefined, port: number): Promise<void> {
  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    spec: { type: 'ClusterIP', clusterIP: regs.services.apiServerIP, sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] },
  };
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: NAME, namespace: NAMESPACE, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports }],
  };
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: NAMESPACE, labels: { 'kubernetes.io/service-name': NAME } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports,
  };
  await reconcile(regs.lookup('', 'v1', 'services')!, ctx, service, ['spec']);
  if (!address) return;
  await reconcile(regs.lookup('', 'v1', 'endpoints')!, ctx, endpoints, ['subsets']);
  await reconcile(regs.lookup('discovery.k8s.io', 'v1', 'endpointslices')!, ctx, slice, ['endpoints', 'ports']);
}

// The subsets of a service's core/v1 Endpoints (upstream's syncService loop plus
// RepackSubsets): one address per selected pod and service port, then regrouped so that
// each subset lists the addresses sharing exactly the same ports — a pod missing a named
// port ends up in a subset without that port. Sorted, so equal content compares equal.

import { isIPv6 } from 'node:net';
import type { Endpoints } from '../../api/core/endpoints.js';
import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';
import type { ObjectReference } from '../endpointslice/types.js';
import { findPort, isPodReady, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/pods.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** src/api's Endpoints, with the targetRef it leaves unspelled. */
export interface EndpointsObject extends Endpoints {
  subsets?: EndpointSubset[];
}

/** One address on one port (or on none: a headless service without ports). */
interface Entry {
  address: EndpointAddress;
  port?: EndpointPort;
  ready: boolean;
}

export function computeSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const ports = svc.spec?.ports ?? [];
  const headless = svc.spec?.clusterIP === 'None';
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = podAddress(svc, pod);
    if (!address) continue;
    const ready = publishNotReady || isPodReady(pod);
    // A headless service may have no ports; its addresses still resolve in DNS.
    if (ports.length === 0) {
      if (headless) entries.push({ address, ready });
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      entries.push({ address, port: ep, ready });
    }
  }
  return repack(entries);
}

/** The pod's address in the service's IP family, with node, pod reference and (DNS) hostname. */
function podAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  const wantV6 = serviceFamilyIsV6(svc, pod);
  const ip = podIPs(pod).find((a) => isIPv6(a) === wantV6);
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid };
  return address;
}

/** The service's first IP family; without one, its cluster IP's, or for a headless service the pod's own. */
function serviceFamilyIsV6(svc: Service, pod: Pod): boolean {
  const family = svc.spec?.ipFamilies?.[0];
  if (family) return family === 'IPv6';
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== 'None') return isIPv6(ip);
  return isIPv6(pod.status?.podIP ?? '');
}

/**
 * Groups ports by the exact set of (address, ready) they are served on. An address both
 * ready and not ready on a port (two pods, one IP) counts as not ready.
 */
function repack(entries: Entry[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  /** port key → address key → ready. */
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  for (const e of entries) {
    const aKey = addressKey(e.address);
    if (!addresses.has(aKey)) addresses.set(aKey, e.address);
    const pKey = e.port ? JSON.stringify([e.port.name, e.port.port, e.port.protocol, e.port.appProtocol ?? null]) : '';
    let slot = byPort.get(pKey);
    if (!slot) byPort.set(pKey, (slot = { port: e.port, ready: new Map() }));
    slot.ready.set(aKey, (slot.ready.get(aKey) ?? true) && e.ready);
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const gKey = JSON.stringify([...ready].sort(([a], [b]) => compare(a, b)));
    let group = groups.get(gKey);
    if (!group) groups.set(gKey, (group = { ready, ports: [] }));
    if (port) group.ports.push(port);
  }
  const subsets = [...groups.values()].map(({ ready, ports }) => {
    const subset: EndpointSubset = {};
    const pick = (want: boolean) => [...ready].filter(([, r]) => r === want).map(([k]) => addresses.get(k)!).sort(compareAddresses);
    const readyAddrs = pick(true);
    const notReady = pick(false);
    if (readyAddrs.length > 0) subset.addresses = readyAddrs;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (ports.length > 0) subset.ports = ports.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
    return subset;
  });
  return subsets.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

/** Two pods may share an IP (host network); the pod uid tells them apart. */
function addressKey(a: EndpointAddress): string {
  return `${a.ip}/${a.targetRef?.uid ?? ''}`;
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return compare(a.ip, b.ip) || compare(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

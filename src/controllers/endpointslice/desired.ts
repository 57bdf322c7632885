// The endpoints a service should have, grouped by the ports they serve (upstream's
// podToEndpoint, getEndpointPorts and the reconciler's desired-state pass). Pods whose named
// target port is missing land in a group with fewer ports, so each slice has one port list.

import { isIPv6 } from 'node:net';
import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';
import { findPort, isPodReady, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import type { SliceEndpoint, SlicePort } from './types.js';

export type AddressType = 'IPv4' | 'IPv6';

/** What the controller knows of a pod's node: missing (not in the cache) or its zone. */
export type NodeLookup = (name: string) => { zone?: string } | undefined;

export interface PortGroup {
  ports: SlicePort[];
  /** By endpointKey, in pod order. */
  endpoints: Map<string, SliceEndpoint>;
}

export interface DesiredState {
  /** By portKey. */
  groups: Map<string, PortGroup>;
  /** Pods left out because their node is unknown (a reason to retry later). */
  podsOnMissingNodes: string[];
}

/** The families the service serves: its ipFamilies, else its cluster IP's, else IPv4. */
export function addressTypesFor(svc: Service): AddressType[] {
  const families = (svc.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length > 0) return families;
  const ip = svc.spec?.clusterIP;
  return [ip && ip !== 'None' && isIPv6(ip) ? 'IPv6' : 'IPv4'];
}

export function desiredState(svc: Service, pods: Pod[], nodes: NodeLookup, addressType: AddressType): DesiredState {
  const groups = new Map<string, PortGroup>();
  const podsOnMissingNodes: string[] = [];
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  for (const pod of pods) {
    // Slices carry terminating pods too (conditions.terminating), unlike Endpoints.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const node = nodes(pod.spec?.nodeName ?? '');
    // A pod on a node that does not exist (yet) is left out and retried, unless the user
    // asked for every address to be published.
    if (!node && !publishNotReady) {
      podsOnMissingNodes.push(pod.metadata?.name ?? '');
      continue;
    }
    const endpoint = podToEndpoint(pod, node?.zone, svc, addressType);
    if (endpoint.addresses.length === 0) continue;
    const ports = endpointPorts(svc, pod);
    const key = portKey(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: new Map() }));
    group.endpoints.set(endpointKey(endpoint), endpoint);
  }
  return { groups, podsOnMissingNodes };
}

export function podToEndpoint(pod: Pod, zone: string | undefined, svc: Service, addressType: AddressType): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  // A terminating pod is never "ready" (old consumers only look at ready), unless every address is to be published.
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  return ep;
}

/** The service's ports as this pod serves them; a headless service may have none. */
export function endpointPorts(svc: Service, pod: Pod): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
    ports.push(p);
  }
  return ports;
}

/** Identifies a port list regardless of order or omitted defaults. */
export function portKey(ports: SlicePort[] | undefined): string {
  const norm = (ports ?? []).map((p) => JSON.stringify([p.name ?? '', p.port ?? null, p.protocol ?? 'TCP', p.appProtocol ?? null]));
  return `[${norm.sort().join(',')}]`;
}

/** Identifies an endpoint across syncs: its addresses, hostname and pod (upstream's hashEndpoint). */
export function endpointKey(ep: SliceEndpoint): string {
  return JSON.stringify([[...ep.addresses].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** Same endpoint with the same node, zone, conditions and pod (its resourceVersion aside). */
export function endpointsEqualBeyondKey(a: SliceEndpoint, b: SliceEndpoint): boolean {
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  const ra = a.targetRef ?? {};
  const rb = b.targetRef ?? {};
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    ca.ready === cb.ready &&
    ca.serving === cb.serving &&
    ca.terminating === cb.terminating &&
    ra.kind === rb.kind &&
    ra.namespace === rb.namespace &&
    ra.name === rb.name &&
    ra.uid === rb.uid
  );
}

// From Services and EndpointSlices to the ports a node's proxy programs (upstream's
// ServicePortMap and EndpointsMap, with CategorizeEndpoints' choice of usable endpoints).

import type { Service } from '../api/core/services.js';
import type { EndpointSlice } from '../api/discovery/endpointslice.js';
import type { Protocol, ProxiedEndpoint, ProxiedPort } from './types.js';

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const DEFAULT_AFFINITY_SECONDS = 10800;

const portId = (namespace: string, service: string, portName: string) => `${namespace}/${service}:${portName}`;

/** Headless and ExternalName Services have no virtual IP to proxy. */
function proxiedClusterIPs(svc: Service): string[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.filter((ip) => ip !== 'None' && !ip.includes(':'));
}

/** Every endpoint of every slice, per service port id; several slices may name one address (during updates): the first wins. */
function endpointsByPort(slices: EndpointSlice[], nodeName: string): Map<string, ProxiedEndpoint[]> {
  const byPort = new Map<string, Map<string, ProxiedEndpoint>>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!service || slice.addressType !== 'IPv4') continue;
    for (const port of slice.ports ?? []) {
      if (port.port === undefined) continue;
      const id = portId(slice.metadata?.namespace ?? '', service, port.name ?? '');
      const seen = byPort.get(id) ?? new Map<string, ProxiedEndpoint>();
      byPort.set(id, seen);
      for (const ep of slice.endpoints ?? []) {
        // Upstream proxies only the first address of an endpoint; the rest are for other uses.
        const ip = ep.addresses?.[0];
        if (!ip || seen.has(`${ip}:${port.port}`)) continue;
        // Unset conditions mean ready (and serving if ready), not terminating, as the API defines them.
        const ready = ep.conditions?.ready ?? true;
        seen.set(`${ip}:${port.port}`, {
          ip,
          port: port.port,
          ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
          local: ep.nodeName === nodeName,
          ready,
          serving: ep.conditions?.serving ?? ready,
          terminating: ep.conditions?.terminating ?? false,
        });
      }
    }
  }
  return new Map([...byPort].map(([id, eps]) => [id, [...eps.values()]]));
}

/** The ready endpoints; if none is, the ones still serving while they terminate, so that a rollout's last pods keep answering. */
function usable(endpoints: ProxiedEndpoint[]): ProxiedEndpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  const chosen = ready.length ? ready : endpoints.filter((e) => e.serving && e.terminating);
  return chosen.sort((a, b) => compareIPs(a.ip, b.ip) || a.port - b.port);
}

function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export function buildServiceMap(services: Service[], slices: EndpointSlice[], nodeName: string): ProxiedPort[] {
  const endpoints = endpointsByPort(slices, nodeName);
  const ports: ProxiedPort[] = [];
  for (const svc of services) {
    const clusterIPs = proxiedClusterIPs(svc);
    if (clusterIPs.length === 0) continue;
    const spec = svc.spec ?? {};
    const namespace = svc.metadata?.namespace ?? '';
    const service = svc.metadata?.name ?? '';
    const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    for (const p of spec.ports ?? []) {
      if (!p.port) continue;
      const portName = p.name ?? '';
      const id = portId(namespace, service, portName);
      ports.push({
        id,
        namespace,
        service,
        portName,
        protocol: (p.protocol ?? 'TCP') as Protocol,
        clusterIPs,
        port: p.port,
        nodePort: external ? p.nodePort ?? 0 : 0,
        loadBalancerIPs: (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
        externalIPs: spec.externalIPs ?? [],
        ...(spec.sessionAffinity === 'ClientIP'
          ? { affinityTimeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS }
          : {}),
        externalPolicyLocal: external && spec.externalTrafficPolicy === 'Local',
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        endpoints: usable(endpoints.get(id) ?? []),
      });
    }
  }
  return ports.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

// What the endpoints and EndpointSlice controllers ask of a pod and a service (upstream's
// k8s.io/endpointslice/util and FindPort): is the pod an endpoint at all, is it ready, which
// container port a service port lands on, and whether the endpoint carries a hostname.

import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';

export type ServicePort = NonNullable<NonNullable<Service['spec']>['ports']>[number];

/** The `Ready` condition is True (kubelet's verdict; readiness gates included). */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last became ready or unready (the change an endpoint update is "triggered" by). */
export function podReadyTransitionTime(pod: Pod): string | undefined {
  return (readyCondition(pod) as { lastTransitionTime?: string } | undefined)?.lastTransitionTime;
}

function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** The pod's IPs; `podIPs` is authoritative, `podIP` alone is what a minimal status writer sets. */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter(Boolean);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/**
 * Whether the pod belongs in Endpoints/EndpointSlices at all: not finished (Succeeded or
 * Failed), has an IP, and — unless `includeTerminating` — is not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (podIPs(pod).length === 0) return false;
  return includeTerminating || !pod.metadata?.deletionTimestamp;
}

/** A pod named into a headless service's DNS by `hostname` + `subdomain: <service>` gets that hostname. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/**
 * The container port a service port targets: a number is used as is; a name is looked up
 * among the containers' (and restartable init containers') ports of the same protocol.
 * Undefined when the pod has no such named port — it is then no endpoint for that port.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (target === undefined) return undefined;
  const protocol = port.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** Selector-less services (and ExternalName ones) get no endpoints from the controllers. */
export function serviceSelector(svc: Service): Record<string, string> | undefined {
  const selector = svc.spec?.selector;
  if (svc.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) return undefined;
  return selector;
}

/** A headless service (no cluster IP) is labelled `service.kubernetes.io/headless` on its endpoints. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

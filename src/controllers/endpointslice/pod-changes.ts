// Which services a pod event concerns (upstream's GetPodUpdateProjectionKey and
// GetServicesToUpdate): the services whose selector matches the pod, before and after.
// An update that changes nothing an endpoint shows (labels, readiness, IPs, deletion;
// hostname and node are immutable) concerns nobody, so status heartbeats do not resync every service.

import type { Service } from '../../api/core/services.js';
import type { Pod } from '../../api/core/types.js';
import { deepEqual } from '../../machinery/deep.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { keyOf, NAMESPACE_INDEX, type SharedInformer, type WorkQueue } from '../../client/index.js';
import { isPodReady, podIPs, serviceSelector } from './pods.js';

/** Keys of the services in `services` (the pod's namespace) selecting pods with `labels`. */
export function servicesSelecting(services: Service[], labels: Record<string, string> | undefined): Set<string> {
  const keys = new Set<string>();
  for (const svc of services) {
    const selector = serviceSelector(svc);
    if (selector && selectorFromSet(selector).matches(labels ?? {})) keys.add(keyOf(svc));
  }
  return keys;
}

/** Keys of the services to sync after `oldPod` became `newPod` (both in the same namespace). */
export function servicesToUpdateOnPodChange(services: Service[], oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return new Set(); // a resync; the services resync themselves
  const labelsChanged = !deepEqual(oldPod.metadata?.labels ?? {}, newPod.metadata?.labels ?? {});
  const podChanged = endpointChanged(oldPod, newPod);
  if (!labelsChanged) return podChanged ? servicesSelecting(services, newPod.metadata?.labels) : new Set();
  const now = servicesSelecting(services, newPod.metadata?.labels);
  const before = servicesSelecting(services, oldPod.metadata?.labels);
  // With the pod itself unchanged, only services it joined or left need a sync.
  if (podChanged) return new Set([...now, ...before]);
  return new Set([...[...now].filter((k) => !before.has(k)), ...[...before].filter((k) => !now.has(k))]);
}

/** Whether an endpoint built from the pod may differ: deletion started, readiness or IPs changed. */
function endpointChanged(oldPod: Pod, newPod: Pod): boolean {
  if (oldPod.metadata?.deletionTimestamp !== newPod.metadata?.deletionTimestamp) return true;
  if (isPodReady(oldPod) !== isPodReady(newPod)) return true;
  return !deepEqual(podIPs(oldPod), podIPs(newPod));
}

/**
 * Queues a service on its own changes, and on a pod's changes every service the pod belongs
 * (or belonged) to. Returns the lookup of a pod's services for further handlers.
 */
export function queueServicesOnChanges(services: SharedInformer<Service>, pods: SharedInformer<Pod>, queue: WorkQueue<string>): (pod: Pod) => Set<string> {
  const enqueue = (keys: Iterable<string>) => {
    for (const k of keys) queue.add(k);
  };
  const servicesIn = (ns: string | undefined) => services.indexer.byIndex(NAMESPACE_INDEX, ns ?? '');
  const podServices = (pod: Pod) => servicesSelecting(servicesIn(pod.metadata?.namespace), pod.metadata?.labels);
  services.addEventHandler({
    onAdd: (svc) => queue.add(keyOf(svc)),
    onUpdate: (_, svc) => queue.add(keyOf(svc)),
    onDelete: (svc) => queue.add(keyOf(svc)),
  });
  pods.addEventHandler({
    onAdd: (pod) => enqueue(podServices(pod)),
    onUpdate: (old, pod) => enqueue(servicesToUpdateOnPodChange(servicesIn(pod.metadata?.namespace), old, pod)),
    onDelete: (pod) => enqueue(podServices(pod)),
  });
  return podServices;
}

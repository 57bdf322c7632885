// An EndpointSlice's identity as this controller writes it (upstream's newEndpointSlice and
// setEndpointSliceLabels): named `<service>-<random>`, owned by the service, labelled with
// the service's labels plus the reserved ones that let consumers find it.

import type { Service } from '../../api/core/services.js';
import { newControllerRef } from '../common/controller-ref.js';
import { HEADLESS_LABEL, isServiceIPSet } from './pods.js';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type Slice, type SlicePort } from './types.js';

const RESERVED = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

/** The service's labels (reserved keys dropped), the headless marker, the service name and manager. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!RESERVED.has(k)) labels[k] = v;
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata?.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/** An empty slice for `ports`; the API server completes its generated name. */
export function newSlice(svc: Service, ports: SlicePort[], addressType: string): Slice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata?.name ?? ''}-`,
      namespace: svc.metadata?.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [newControllerRef(svc, { group: '', version: 'v1', kind: 'Service' })],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** Written for this very service object (a re-created service of the same name has a new uid). */
export function ownedBy(slice: Slice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some((o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

// The core (legacy, group '') v1 kinds, and the PodSpec helpers other groups build on.

import type { ResourceType } from '../resource.js';
import { configmaps } from './configmaps.js';
import { endpoints } from './endpoints.js';
import { events } from './events.js';
import { limitranges } from './limitranges.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { persistentvolumeclaims } from './persistentvolumeclaims.js';
import { persistentvolumes } from './persistentvolumes.js';
import { pods } from './pods.js';
import { podtemplates } from './podtemplates.js';
import { replicationcontrollers } from './replicationcontrollers.js';
import { resourcequotas } from './resourcequotas.js';
import { secrets } from './secrets.js';
import { serviceaccounts } from './serviceaccounts.js';
import { services } from './services.js';

export const coreV1Resources: ResourceType[] = [
  configmaps,
  endpoints,
  events,
  limitranges,
  namespaces,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  podtemplates,
  replicationcontrollers,
  resourcequotas,
  secrets,
  serviceaccounts,
  services,
];

export { defaultPodSpec, defaultPodTemplateSpec, validatePodSpec, validatePodTemplateSpec, validatePodSpecUpdate } from './pod-spec.js';
export { computeQOSClass } from './pod-qos.js';
export { summarizePod } from './pod-printer.js';
export { nodeRoles } from './nodes.js';
export type { Pod, PodSpec, PodTemplateSpec, Container } from './types.js';

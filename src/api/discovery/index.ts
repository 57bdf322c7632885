// discovery.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { endpointSlices } from './endpointslice.js';

export { endpointSlices };
export const discoveryV1Resources: ResourceType[] = [endpointSlices];

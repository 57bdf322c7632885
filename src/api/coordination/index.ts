// coordination.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { leases } from './lease.js';

export { leases };
export const coordinationV1Resources: ResourceType[] = [leases];

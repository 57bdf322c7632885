// Every built-in resource the API server serves, in discovery order: the legacy core group
// first, then the named groups. Where a group has several versions, the preferred comes first.

import type { ResourceType } from './resource.js';
import { coreV1Resources } from './core/index.js';
import { reviewResources } from './auth/reviews.js';
import { appsV1Resources } from './apps/index.js';
import { autoscalingResources } from './autoscaling/index.js';
import { batchV1Resources } from './batch/index.js';
import { coordinationV1Resources } from './coordination/index.js';
import { discoveryV1Resources } from './discovery/index.js';
import { eventsV1Resources } from './events/index.js';
import { networkingV1Resources } from './networking/index.js';
import { policyV1Resources } from './policy/index.js';
import { rbacV1Resources } from './rbac/index.js';
import { storageV1Resources } from './storage/index.js';

export function allResources(): ResourceType[] {
  return [
    ...coreV1Resources,
    ...appsV1Resources,
    ...autoscalingResources,
    ...batchV1Resources,
    ...coordinationV1Resources,
    ...discoveryV1Resources,
    ...eventsV1Resources,
    ...networkingV1Resources,
    ...policyV1Resources,
    ...rbacV1Resources,
    ...storageV1Resources,
    ...reviewResources,
  ];
}

// events.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { eventsV1 } from './event.js';

export { eventsV1 };
export { eventFromCore, eventToCore } from './event.js';
export const eventsV1Resources: ResourceType[] = [eventsV1];

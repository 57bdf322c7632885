// storage.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { storageClasses } from './storageclass.js';

export { storageClasses };
export const storageV1Resources: ResourceType[] = [storageClasses];

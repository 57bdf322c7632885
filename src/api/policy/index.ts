// policy/v1.

import type { ResourceType } from '../resource.js';
import { podDisruptionBudgets } from './poddisruptionbudget.js';

export { podDisruptionBudgets };
export const policyV1Resources: ResourceType[] = [podDisruptionBudgets];

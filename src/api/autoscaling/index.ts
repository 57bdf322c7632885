// autoscaling/v1 and autoscaling/v2 (the storage version, and the preferred one: listed first).

import type { ResourceType } from '../resource.js';
import { hpaV1 } from './hpa-v1.js';
import { hpaV2 } from './hpa-v2.js';

export { hpaV1, hpaV2 };
export { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1.js';
export const autoscalingResources: ResourceType[] = [hpaV2, hpaV1];

// networking.k8s.io/v1.

import type { ResourceType } from '../resource.js';
import { ingressClasses } from './ingressclass.js';
import { ingresses } from './ingress.js';
import { networkPolicies } from './networkpolicy.js';

export { ingressClasses, ingresses, networkPolicies };
export const networkingV1Resources: ResourceType[] = [ingresses, ingressClasses, networkPolicies];

// apps/v1.

import type { ResourceType } from '../resource.js';
import { controllerRevisions } from './controllerrevision.js';
import { daemonSets } from './daemonset.js';
import { deployments } from './deployment.js';
import { replicaSets } from './replicaset.js';
import { statefulSets } from './statefulset.js';

export { controllerRevisions, daemonSets, deployments, replicaSets, statefulSets };
export const appsV1Resources: ResourceType[] = [deployments, replicaSets, statefulSets, daemonSets, controllerRevisions];

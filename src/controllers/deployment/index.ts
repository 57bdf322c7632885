// Public surface of the deployment controller.

export { deploymentController, CONTROLLER_NAME } from './controller.js';
export { computeHash } from './hash.js';
export type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from './types.js';

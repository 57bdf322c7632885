// Public surface of the simulated ("hollow") kubelets: Nodes without containers, for trying
// the control plane at scale (kwok's job).

export { SimulatedNodes, DEFAULT_CAPACITY, type SimulatedNodesOptions } from './simulated-nodes.js';
export { imageID, runningStatus } from './pod-status.js';

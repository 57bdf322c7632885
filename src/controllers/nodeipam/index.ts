// The node IPAM controller: a pod CIDR for every Node.

export { nodeIpamController } from './controller.js';

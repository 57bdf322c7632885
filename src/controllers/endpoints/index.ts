// Public surface of the endpoints controller.

export { endpointsController, CONTROLLER_NAME, MANAGED_BY_LABEL } from './controller.js';
export { computeSubsets, type EndpointAddress, type EndpointPort, type EndpointSubset, type EndpointsObject } from './subsets.js';
export { truncateSubsets, MAX_CAPACITY, OVER_CAPACITY_ANNOTATION } from './capacity.js';

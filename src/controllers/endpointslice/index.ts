// Public surface of the EndpointSlice controller. The endpoints controller also uses its
// pod helpers (pods.ts, pod-changes.ts, trigger-time.ts), as upstream's uses k8s.io/endpointslice/util.

export { endpointSliceController, ZONE_LABEL, type EndpointSliceControllerOptions } from './controller.js';
export { CONTROLLER_NAME, MANAGED_BY_LABEL, MAX_ENDPOINTS_PER_SLICE, SERVICE_NAME_LABEL, type Slice, type SliceEndpoint, type SlicePort } from './types.js';

// Public surface of the taint eviction controller.

export { taintEvictionController, CONTROLLER_NAME } from './controller.js';
export { evictionTimeMs, noExecuteTaints, toleratesTaint, type Taint } from './tolerations.js';
export { withDisruptionTarget } from './disruption-target.js';

// Public surface of the PersistentVolume binder.

export { persistentVolumeController, CONTROLLER_NAME, BIND_COMPLETED_ANNOTATION, BOUND_BY_CONTROLLER_ANNOTATION } from './controller.js';
export { findBestMatch, volumeMismatch, isBoundToClaim } from './matching.js';

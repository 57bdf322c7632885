// Public surface of the kubelet's volumes: setting a pod's volumes up on the host and
// turning its containers' volumeMounts into runtime mounts.

export { VolumeManager, type PreparedVolume, type VolumeManagerOptions } from './manager.js';
export { VolumeError } from './errors.js';
export { containerMounts } from './container-mounts.js';

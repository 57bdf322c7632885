// containerd as the kubelet's runtime: the CRI client runtime, a k8ts-owned daemon, detection.
export { ContainerdRuntime, CRI_NAMESPACE, type ContainerdRuntimeOptions } from './runtime.js';
export { ContainerdDaemon, type ContainerdDaemonOptions } from './daemon.js';
export { detectContainerd, requireContainerd, DEFAULT_CONTAINERD_SOCKET, type ContainerdDetection } from './detect.js';
export { DEFAULT_PAUSE_IMAGE, pauseImageSpec } from './pause.js';

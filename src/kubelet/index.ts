// Public surface of the kubelet: the Kubelet that runs a node's pods through a Runtime.

export { Kubelet, type KubeletOptions, type KubeletTiming } from './kubelet.js';
export { KUBELET_VERSION } from './node-info.js';

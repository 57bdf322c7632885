// Public surface of the kubelet's probes (liveness, readiness, startup).

export { ProbeManager, type ProbeManagerOptions, type ProbeTarget } from './manager.js';

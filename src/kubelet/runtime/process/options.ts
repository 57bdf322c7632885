// How the kubelet configures the process runtime.

export interface ProcessRuntimeOptions {
  /** Records, staging directories and the image list live here; reused across restarts. */
  stateDir: string;
  /** The node's IP: host-network pods' IP, and every pod's without root. */
  nodeIP: string;
  /**
   * The node's pod CIDR, when known at start (upstream's --pod-cidr); else the kubelet passes
   * the one node IPAM assigns through updateRuntimeConfig, and as root pods wait for it.
   */
  podCIDR?: string;
  /** Where the conflist is written for reference (the runtime runs it itself). */
  cniConfDir?: string;
  /** host-local's lease directory; default `<stateDir>/cni/ipam`. */
  ipamDataDir?: string;
  cniBinDir?: string;
  bridge?: string;
  /**
   * The name of a network namespace (`ip netns`) that stands in for the host's: the bridge
   * and its rules are made there, and host-network pods join it. Tests use it to keep the
   * host's links and routes untouched; a node leaves it unset.
   */
  hostNetns?: string;
  /** Treat the process as unprivileged even as root (the no-root fallback, for tests). */
  rootless?: boolean;
}

export const ROOTLESS_MESSAGE =
  'not running as root: pods use the host network (the node IP, no pod network), without cgroup limits, and their volumes are mounted in a user namespace';

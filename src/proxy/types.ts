// What a node's service proxy programs, whatever the mode: one entry per Service port, with
// the addresses it is reached at and the endpoints behind it. Built from Services and
// EndpointSlices (service-map.ts); each backend (nftables/, userspace/) turns the whole list
// into rules or listeners, replacing what it programmed before.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ProxiedEndpoint {
  ip: string;
  port: number;
  /** The node the endpoint runs on, if the EndpointSlice says. */
  nodeName?: string;
  /** On this proxy's node: the only endpoints traffic policy `Local` may use. */
  local: boolean;
  /** conditions.ready: not terminating and passing its readiness probe. */
  ready: boolean;
  /** conditions.serving: passing readiness, terminating or not (used only when no endpoint is ready). */
  serving: boolean;
  terminating: boolean;
}

export interface ProxiedPort {
  /** `<namespace>/<service>:<port name>` (the name may be empty), as kube-proxy names a service port. */
  id: string;
  namespace: string;
  service: string;
  portName: string;
  protocol: Protocol;
  /** spec.clusterIPs (IPv4 only here); empty for headless Services, which are never proxied. */
  clusterIPs: string[];
  port: number;
  /** NodePort and LoadBalancer Services (0 when none was allocated). */
  nodePort: number;
  /** status.loadBalancer.ingress[].ip */
  loadBalancerIPs: string[];
  /** spec.externalIPs */
  externalIPs: string[];
  /** sessionAffinity ClientIP: how long a client sticks to its endpoint; absent for None. */
  affinityTimeoutSeconds?: number;
  /** externalTrafficPolicy Local: NodePort/LoadBalancer traffic only to local endpoints, source kept. */
  externalPolicyLocal: boolean;
  /** internalTrafficPolicy Local: ClusterIP traffic only to local endpoints. */
  internalPolicyLocal: boolean;
  /**
   * Endpoints that may receive traffic, as upstream picks them: the ready ones; if there are
   * none, the serving-and-terminating ones. Sorted by ip then port, so that programming is
   * deterministic.
   */
  endpoints: ProxiedEndpoint[];
}

/** One way of making the ports reachable. `sync` is given the complete state every time. */
export interface ProxyBackend {
  readonly mode: 'nftables' | 'userspace';
  sync(ports: ProxiedPort[]): Promise<void>;
  /** Removes everything this backend programmed. */
  stop(): Promise<void>;
}

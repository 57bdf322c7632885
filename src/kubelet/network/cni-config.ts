// The pod network of one node as a CNI conflist (what k3s's flannel writes as host-gw):
// a bridge whose gateway is the first address of the node's pod CIDR, host-local IPAM over
// that CIDR, portmap for hostPort. containerd reads it from its conf_dir; the process
// runtime runs the same plugins itself. (Both bring each pod's `lo` up themselves.)

/** Debian's containernetworking-plugins put the binaries here, not in /opt/cni/bin. */
export const CNI_BIN_DIR = '/usr/lib/cni';
export const CNI_NETWORK_NAME = 'k8ts';
/** Spoken by both Debian's plugins (1.1) and containerd 1.6's libcni. */
export const CNI_VERSION = '0.4.0';

export interface CniNetworkOptions {
  /** The node's pod CIDR, e.g. 10.42.0.0/24. */
  podCIDR: string;
  /** Where host-local keeps its leases (so a restart does not hand an address out twice). */
  ipamDataDir: string;
  bridge?: string;
  mtu?: number;
}

export function cniConflist(o: CniNetworkOptions): Record<string, unknown> {
  return {
    cniVersion: CNI_VERSION,
    name: CNI_NETWORK_NAME,
    plugins: [
      {
        type: 'bridge',
        bridge: o.bridge ?? 'cni0',
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: o.podCIDR }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: o.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}

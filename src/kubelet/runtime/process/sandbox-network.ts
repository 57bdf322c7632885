// A sandbox's network: as root and not hostNetwork, a named network namespace attached to
// the node's bridge by the CNI chain (its IP comes from the pod CIDR); otherwise the host's
// network and the node's IP.

import { CniRunner } from '../../network/cni-runner.js';
import { addNetns, deleteNetns, netnsPath } from '../../network/netns.js';
import type { SandboxConfig } from '../types.js';

export interface NetworkState {
  ip: string;
  /** Name of the pod's own namespace (`k8ts-<sandboxId>`), when it has one. */
  netns?: string;
  cniResult?: Record<string, unknown>;
}

export class SandboxNetworks {
  /** The pod network's CNI chain: set once the node has a pod CIDR (and only as root). */
  cni: CniRunner | undefined;

  constructor(private readonly nodeIP: string) {}

  async setUp(id: string, config: SandboxConfig): Promise<NetworkState> {
    if (config.hostNetwork || !this.cni) return { ip: this.nodeIP };
    const netns = `k8ts-${id}`;
    await addNetns(netns);
    try {
      const r = await this.cni.add({ containerId: id, netns: netnsPath(netns), portMappings: config.portMappings });
      return { ip: r.ip, netns, cniResult: r.result };
    } catch (e) {
      await this.tearDown(id, { ip: '', netns }, config).catch(() => undefined);
      throw e;
    }
  }

  /** DEL first (the plugins find the veth through the namespace), then the namespace; idempotent. */
  async tearDown(id: string, state: NetworkState, config: SandboxConfig): Promise<void> {
    if (!state.netns) return;
    let delError: unknown;
    if (this.cni) {
      try {
        await this.cni.del({ containerId: id, netns: netnsPath(state.netns), portMappings: config.portMappings }, state.cniResult);
      } catch (e) {
        delError = e;
      }
    }
    await deleteNetns(state.netns);
    if (delError) throw delError;
  }
}

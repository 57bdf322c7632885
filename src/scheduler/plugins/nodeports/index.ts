// NodePorts: a pod's hostPorts must be free on the node (0.0.0.0 clashes with any address).

import { Status, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreFilterResult } from '../../framework.js';
import type { NodeInfo } from '../../node-info.js';
import type { ContainerPort, Pod } from '../../types.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const STATE_KEY = 'PreFilter' + NAME;

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): PreFilterResult | undefined {
    const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0);
    if (ports.length === 0) return { status: Status.skip() };
    state.write(STATE_KEY, ports);
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Status | undefined {
    const ports = state.read<ContainerPort[]>(STATE_KEY) ?? [];
    const clash = ports.some((p) => node.usedPorts.conflicts(p.hostIP, p.protocol, p.hostPort ?? 0));
    return clash ? Status.unschedulable(ERR_REASON) : undefined;
  }
}

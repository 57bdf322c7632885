// core/v1 Pod (registry/core/pod/strategy.go and printers.go printPod).

import type { ResourceType } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { coreSubresource, defineCoreKind } from './define-core.js';
import { summarizePod } from './pod-printer.js';
import { computeQOSClass } from './pod-qos.js';
import { defaultPodOnly, defaultPodSpec, validatePodCreateOnly, validatePodOnly, validatePodSpec, validatePodSpecUpdate } from './pod-spec.js';
import type { Pod } from './types.js';

const CONNECT_VERBS = ['create', 'get'];

const base = defineCoreKind<Pod>({
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  hasStatus: true,
  // Upstream deletes unscheduled and finished pods at once; running ones get their grace period.
  gracePeriodSeconds(pod) {
    const phase = pod.status?.phase;
    if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    return pod.spec.terminationGracePeriodSeconds ?? 30;
  },
  extraSubresources: [
    coreSubresource('attach', 'PodAttachOptions', CONNECT_VERBS),
    coreSubresource('binding', 'Binding', ['create']),
    coreSubresource('ephemeralcontainers', 'Pod', ['get', 'patch', 'update']),
    { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
    coreSubresource('exec', 'PodExecOptions', CONNECT_VERBS),
    coreSubresource('log', 'Pod', ['get']),
    coreSubresource('portforward', 'PodPortForwardOptions', CONNECT_VERBS),
    coreSubresource('proxy', 'PodProxyOptions', ['create', 'delete', 'get', 'patch', 'update']),
  ],
  defaults(pod) {
    const spec = (pod.spec ??= {});
    defaultPodSpec(spec);
    defaultPodOnly(spec);
  },
  validateSpec: (pod) => [...validatePodSpec(pod.spec, 'spec', { isPod: true }), ...validatePodOnly(pod.spec, 'spec')],
  validateChange: (pod, old) => validatePodSpecUpdate(pod.spec, old.spec),
  prepareForCreate(pod) {
    pod.status = { phase: 'Pending', qosClass: computeQOSClass(pod.spec) };
  },
  selectableFields: (pod) => ({
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec?.hostNetwork === true),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': pod.status?.podIPs?.[0]?.ip ?? '',
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
  }),
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', true),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', true),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', true),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', true),
  ],
  cells(pod, now) {
    const { ready, status, restarts } = summarizePod(pod, now);
    return [nameCell(pod), ready, status, restarts, ageCell(pod, now), pod.status?.podIPs?.[0]?.ip || '<none>', pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGates(pod)];
  },
});

export const pods: ResourceType = {
  ...base,
  validate: (obj) => [...base.validate!(obj), ...validatePodCreateOnly((obj as Pod).spec, 'spec')],
};

/** `<true>/<total>` of the readiness gates' conditions, `<none>` without gates. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const satisfied = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${satisfied}/${gates.length}`;
}

// core/v1 Node (ValidateNode/ValidateNodeUpdate, registry/core/node/strategy.go, printNode).
// Nodes are cluster-scoped; their kubelet creates them with status already filled in.

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { validateLabelKey, validateLabelValue } from '../../machinery/labels.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { invalidEach } from '../validation/errors.js';
import { coreSubresource, defineCoreKind } from './define-core.js';
import { validateQuantityValue } from './resource-names.js';
import { TAINT_EFFECTS } from './scheduling-validation.js';
import type { ResourceList } from './types.js';

interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; podCIDRs?: string[]; providerID?: string; [key: string]: unknown };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
    [key: string]: unknown;
  };
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

export const nodes = defineCoreKind<Node>({
  kind: 'Node',
  plural: 'nodes',
  namespaced: false,
  shortNames: ['no'],
  hasStatus: true,
  extraSubresources: [coreSubresource('proxy', 'NodeProxyOptions', ['create', 'delete', 'get', 'patch', 'update'])],
  defaults(node) {
    // What can be scheduled defaults to everything the node has.
    if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
  },
  validateSpec: (node) => [...validateTaints(node.spec?.taints ?? [], 'metadata.taints'), ...validateResources(node)],
  validateChange: validateNodeChange,
  selectableFields: (node) => ({ 'spec.unschedulable': String(node.spec?.unschedulable === true) }),
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', true),
    column('External-IP', 'string', 'List of addresses reachable to the node.', true),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', true),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", true),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', true),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      nameCell(node),
      nodeStatus(node),
      nodeRoles(node.metadata?.labels).join(',') || '<none>',
      ageCell(node, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
});

/** STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** ROLES from `node-role.kubernetes.io/<role>` labels and the older `kubernetes.io/role`, sorted. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort();
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const at = `${path}[${i}]`;
    errs.push(...invalidEach(`${at}.key`, t.key ?? '', validateLabelKey(t.key ?? '')));
    const valueErrs = validateLabelValue(t.value ?? '');
    if (valueErrs.length > 0) errs.push(fieldInvalid(`${at}.value`, t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(fieldRequired(`${at}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(fieldNotSupported(`${at}.effect`, t.effect, TAINT_EFFECTS));
    const key = `${t.effect}/${t.key}`;
    if (seen.has(key)) {
      const dup = fieldDuplicate(at, t);
      errs.push({ ...dup, message: `${dup.message}: taints must be unique by key and effect pair` });
    }
    seen.add(key);
  });
  return errs;
}

function validateResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['capacity', 'allocatable'] as const) {
    for (const [name, q] of Object.entries(node.status?.[key] ?? {})) errs.push(...validateQuantityValue(name, q, `status.${key}.${name}`));
  }
  return errs;
}

function validateNodeChange(node: Node, old: Node): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const key = `${a.type}/${a.address}`;
    if (seen.has(key)) errs.push(fieldDuplicate(`status.addresses[${i}]`, a));
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  // The controller manager may assign a CIDR once; after that it stays.
  if (oldCIDRs.length > 0 && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i]))) {
    errs.push(fieldForbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(fieldForbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

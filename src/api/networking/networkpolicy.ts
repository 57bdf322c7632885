// networking.k8s.io/v1 NetworkPolicy.

import { isIPv4, isIPv6 } from 'node:net';
import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid } from '../../machinery/status.js';
import { selectorToString } from '../../machinery/labels.js';
import type { IntOrString } from '../common/checks.js';
import { oneOf } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';
import type { MetaLabelSelector } from '../common/selector.js';
import { validateLabelSelector } from '../common/selector.js';

interface Peer {
  podSelector?: MetaLabelSelector;
  namespaceSelector?: MetaLabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

interface Port {
  protocol?: string;
  port?: IntOrString;
  endPort?: number;
}

export interface NetworkPolicy extends KubeObject {
  spec?: {
    podSelector?: MetaLabelSelector;
    ingress?: { from?: Peer[]; ports?: Port[] }[];
    egress?: { to?: Peer[]; ports?: Port[] }[];
    policyTypes?: string[];
  };
}

function defaults(np: NetworkPolicy): void {
  const spec = (np.spec ??= {});
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const p of rule.ports ?? []) p.protocol ||= 'TCP';
  // Without policyTypes a policy isolates ingress, and egress too when it has egress rules.
  if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

function isCIDR(cidr: string): boolean {
  const [ip, bits, extra] = cidr.split('/');
  if (extra !== undefined || !bits || !/^\d+$/.test(bits)) return false;
  return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
}

function validatePeers(peers: Peer[], path: string): FieldError[] {
  return peers.flatMap((peer, i) => {
    const at = `${path}[${i}]`;
    const errs = [...validateLabelSelector(peer.podSelector, `${at}.podSelector`), ...validateLabelSelector(peer.namespaceSelector, `${at}.namespaceSelector`)];
    const cidr = peer.ipBlock?.cidr;
    if (peer.ipBlock && !isCIDR(cidr ?? '')) errs.push(fieldInvalid(`${at}.ipBlock.cidr`, cidr ?? '', 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    return errs;
  });
}

function validatePorts(ports: Port[], path: string): FieldError[] {
  return ports.flatMap((p, i) => oneOf(p.protocol, ['SCTP', 'TCP', 'UDP'], `${path}[${i}].protocol`));
}

function validateSpec(np: NetworkPolicy): FieldError[] {
  const spec = np.spec ?? {};
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  (spec.ingress ?? []).forEach((r, i) => errs.push(...validatePorts(r.ports ?? [], `spec.ingress[${i}].ports`), ...validatePeers(r.from ?? [], `spec.ingress[${i}].from`)));
  (spec.egress ?? []).forEach((r, i) => errs.push(...validatePorts(r.ports ?? [], `spec.egress[${i}].ports`), ...validatePeers(r.to ?? [], `spec.egress[${i}].to`)));
  const types = spec.policyTypes ?? [];
  types.forEach((t, i) => errs.push(...oneOf(t, ['Ingress', 'Egress'], `spec.policyTypes[${i}]`)));
  if (types.length > 2) errs.push(fieldInvalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  return errs;
}

export const networkPolicies = defineKind<NetworkPolicy>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  tracksGeneration: true,
  namespaced: true,
  shortNames: ['netpol'],
  defaults,
  validateSpec,
  columns: [
    NAME_COLUMN,
    column('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.'),
    AGE_COLUMN,
  ],
  cells: (np, now) => [nameCell(np), selectorToString(np.spec?.podSelector), ageCell(np, now)],
});

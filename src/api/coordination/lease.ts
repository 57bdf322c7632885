// coordination.k8s.io/v1 Lease: node heartbeats and leader election.

import type { KubeObject } from '../resource.js';
import { nonNegative, positive } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

export const leases = defineKind<Lease>({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
  validateSpec: (l) => [...positive(l.spec?.leaseDurationSeconds, 'spec.leaseDurationSeconds'), ...nonNegative(l.spec?.leaseTransitions, 'spec.leaseTransitions')],
  columns: [
    NAME_COLUMN,
    column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
    AGE_COLUMN,
  ],
  cells: (l, now) => [nameCell(l), l.spec?.holderIdentity ?? '', ageCell(l, now)],
});

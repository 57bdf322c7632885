// core/v1 ServiceAccount (ValidateServiceAccount, printServiceAccount). Tokens are issued
// through the token subresource (authentication.k8s.io/v1 TokenRequest).

import type { KubeObject } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineCoreKind } from './define-core.js';

export interface ServiceAccount extends KubeObject {
  secrets?: { name?: string }[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

export const serviceaccounts = defineCoreKind<ServiceAccount>({
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  namespaced: true,
  shortNames: ['sa'],
  extraSubresources: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }],
  columns: [NAME_COLUMN, column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  cells: (sa, now) => [nameCell(sa), (sa.secrets ?? []).length, ageCell(sa, now)],
});

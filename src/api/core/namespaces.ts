// core/v1 Namespace (ValidateNamespace, registry/core/namespace/strategy.go, printNamespace).
// New namespaces start Active with the `kubernetes` finalizer, which the namespace
// controller removes (through /finalize) once everything inside is gone.

import type { KubeObject } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { nameIsDNSLabel } from '../validation/names.js';
import { validateFinalizerName } from '../validation/object-meta.js';
import { coreSubresource, defineCoreKind } from './define-core.js';

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/** Lets label selectors pick namespaces by name (NamespaceDefaultLabelName). */
const NAME_LABEL = 'kubernetes.io/metadata.name';

export const namespaces = defineCoreKind<Namespace>({
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  shortNames: ['ns'],
  hasStatus: true,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  extraSubresources: [coreSubresource('finalize', 'Namespace', ['update'])],
  nameValidator: nameIsDNSLabel,
  defaults(ns) {
    const meta = (ns.metadata ??= {});
    if (meta.name) (meta.labels ??= {})[NAME_LABEL] = meta.name;
    (ns.status ??= {}).phase ||= 'Active';
  },
  validateSpec: (ns) => (ns.spec?.finalizers ?? []).flatMap((f) => validateFinalizerName(f, 'spec.finalizers')),
  prepareForCreate(ns) {
    ns.status = { phase: 'Active' };
    const finalizers = ((ns.spec ??= {}).finalizers ??= []);
    if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
  },
  /** spec.finalizers changes only through /finalize, which must not call this. */
  prepareForUpdate(ns, old) {
    (ns.spec ??= {}).finalizers = old.spec?.finalizers;
    if (ns.spec.finalizers === undefined) delete ns.spec.finalizers;
  },
  selectableFields: (ns) => ({ 'status.phase': ns.status?.phase ?? '' }),
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  cells: (ns, now) => [nameCell(ns), ns.status?.phase ?? '', ageCell(ns, now)],
});

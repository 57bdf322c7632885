// apps/v1 ControllerRevision: the snapshots `kubectl rollout history` reads for
// StatefulSets and DaemonSets.

import type { KubeObject } from '../resource.js';
import { fieldRequired } from '../../machinery/status.js';
import { immutable, nonNegative } from '../common/checks.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, column, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

/** `<kind>.<group>/<name>` of the controlling owner, as upstream's formatResourceName. */
function controllerCell(cr: ControllerRevision): string {
  const owner = cr.metadata?.ownerReferences?.find((r) => r.controller);
  if (!owner) return '<none>';
  const slash = owner.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
  return `${owner.kind.toLowerCase()}${group ? '.' + group : ''}/${owner.name}`;
}

export const controllerRevisions = defineKind<ControllerRevision>({
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  namespaced: true,
  validateSpec: (cr) => [...(cr.data === undefined || cr.data === null ? [fieldRequired('data', 'data is mandatory')] : []), ...nonNegative(cr.revision, 'revision')],
  validateChange: (cr, old) => immutable(cr.data, old.data, 'data'),
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  cells: (cr, now) => [nameCell(cr), controllerCell(cr), cr.revision ?? 0, ageCell(cr, now)],
});

// The 409 an apply gets when it would change fields other managers own, worded as
// upstream's managedfields/internal/conflict.go so that kubectl prints the familiar text
// (and appends its --force-conflicts hint).

import { StatusError } from '../../machinery/status.js';
import type { FieldSet } from './fieldpath.js';
import { compareStrings, pathToString } from './pathelement.js';
import { describeManager } from './managers.js';

/** @param conflicts the fields each other manager (by identifier) owns that the apply would change */
export function conflictError(conflicts: Map<string, FieldSet>): StatusError {
  const ids = [...conflicts.keys()].sort(compareStrings);
  const all = ids.flatMap((id) => conflicts.get(id)!.paths().map((p) => ({ manager: describeManager(id), field: pathToString(p) })));
  const causes = all.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field }));
  if (all.length === 1) {
    return new StatusError(409, 'Conflict', `Apply failed with 1 conflict: conflict with ${all[0].manager}: ${all[0].field}`, { causes });
  }
  const lines = ids.flatMap((id) => [`conflicts with ${describeManager(id)}:`, ...conflicts.get(id)!.paths().map((p) => `- ${pathToString(p)}`)]);
  return new StatusError(409, 'Conflict', `Apply failed with ${all.length} conflicts: ${lines.join('\n')}`, { causes });
}

// Label and field selection for list, watch and deletecollection.

import type { KubeObject, ResourceType } from '../../api/resource.js';
import { parseFieldSelector, parseLabelSelector } from '../../machinery/index.js';
import { badRequest } from '../../machinery/status.js';

export type ObjectFilter = (obj: KubeObject) => boolean;

/** Field values an object can be selected by: name, namespace, and the kind's own selectable fields. */
export function objectFields(rt: ResourceType, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (rt.namespaced) fields['metadata.namespace'] = obj.metadata?.namespace ?? '';
  return rt.selectableFields ? { ...fields, ...rt.selectableFields(obj) } : fields;
}

/** Builds the filter for `labelSelector`/`fieldSelector`; undefined when nothing is selected. Bad selectors are 400s. */
export function buildFilter(rt: ResourceType, labelSelector?: string | null, fieldSelector?: string | null): ObjectFilter | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  if (fields) {
    // Probe with an empty object to learn which fields the kind can be selected by.
    const supported = new Set(Object.keys(objectFields(rt, { metadata: {} })));
    for (const r of fields.requirements()) {
      if (!supported.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
  }
  if (!labels && !fields) return undefined;
  return (obj) => (!labels || labels.matches(obj.metadata?.labels ?? {})) && (!fields || fields.matches(objectFields(rt, obj)));
}

// meta.k8s.io/v1 Table responses for `kubectl get`: the kind's columns, one row per object,
// and each row's object as PartialObjectMetadata (kubectl builds NAMESPACE, --show-labels
// and -L from it) unless includeObject says otherwise.

import type { KubeObject, ResourceType } from '../api/resource.js';
import { badRequest } from '../machinery/status.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(v: string | null): IncludeObject {
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`);
}

export interface TableRow {
  cells: unknown[];
  object: unknown;
}

export function tableRow(rt: ResourceType, obj: KubeObject, include: IncludeObject, now: Date): TableRow {
  let object: unknown = null;
  if (include === 'Object') object = obj;
  else if (include === 'Metadata') object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return { cells: rt.cells(obj, now), object };
}

export function toTable(rt: ResourceType, objs: KubeObject[], include: IncludeObject, listMeta: Record<string, unknown>, withColumns = true): Record<string, unknown> {
  const now = new Date();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? rt.columns : null,
    rows: objs.map((o) => tableRow(rt, o, include, now)),
  };
}

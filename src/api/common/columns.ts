// Table columns and cells shared by many kinds, worded as upstream's printers.go so that
// `kubectl get` and `kubectl get -o wide` read the same as against a real cluster.

import type { ColumnDefinition, KubeObject } from '../resource.js';
import { age } from '../printers.js';

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column shown always (priority 0) unless `wide` is set, which hides it without `-o wide`. */
export function column(name: string, type: ColumnDefinition['type'], description: string, wide = false): ColumnDefinition {
  return { name, type, format: '', description, priority: wide ? 1 : 0 };
}

/** NAME: the column kubectl prefixes with `kind/` when several kinds are listed together. */
export const NAME_COLUMN: ColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 };
export const AGE_COLUMN = column('Age', 'string', AGE_DESCRIPTION);
/** Roles and cluster roles print the creation time itself, not an age. */
export const CREATED_AT_COLUMN = column('Created At', 'date', AGE_DESCRIPTION);

/** The wide CONTAINERS and IMAGES columns of every kind that holds a pod template. */
export const TEMPLATE_COLUMNS = [
  column('Containers', 'string', 'Names of each container in the template.', true),
  column('Images', 'string', 'Images referenced by each container in the template.', true),
];

export function selectorColumn(description: string): ColumnDefinition {
  return column('Selector', 'string', description, true);
}

interface Container {
  name?: string;
  image?: string;
}

/** CONTAINERS and IMAGES cells: names and images joined by commas, in template order. */
export function templateCells(podSpec: { containers?: Container[] } | undefined): [string, string] {
  const containers = podSpec?.containers ?? [];
  return [containers.map((c) => c.name ?? '').join(','), containers.map((c) => c.image ?? '').join(',')];
}

/** READY as `<ready>/<desired>`. */
export function readyOf(ready: number | undefined, desired: number | undefined): string {
  return `${ready ?? 0}/${desired ?? 0}`;
}

export function nameCell(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

export function ageCell(obj: KubeObject, now: Date): string {
  return age(obj.metadata?.creationTimestamp, now);
}

/** `Created At` cells: the creation time in RFC 3339, UTC, whole seconds (Go's time.RFC3339). */
export function createdAtCell(obj: KubeObject): string {
  const t = Date.parse(obj.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

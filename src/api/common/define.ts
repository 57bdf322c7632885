// Builds a ResourceType from the few facts that differ between kinds. Everything upstream's
// discovery derives the same way for every built-in kind (list kind, singular, verbs, the
// status and scale subresources, the OpenAPI type name, the storage key) is filled in here,
// and object metadata is validated here so that kind files only check their own fields.

import type { ColumnDefinition, KubeObject, ResourceType, ScaleInfo, SubresourceInfo } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import type { NameValidator } from '../validation/names.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';

/** What `kubectl api-resources -o wide` lists for every built-in kind. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];
const SCALE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

export interface KindSpec<T extends KubeObject> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  hasStatus?: boolean;
  /** A review: created and answered, never stored; the only verb is create. */
  createOnly?: boolean;
  /** Upstream's strategy maintains metadata.generation for this kind. */
  tracksGeneration?: boolean;
  /** Graceful deletion period when the client gives none (pods). */
  gracePeriodSeconds?(obj: T): number;
  /** Overrides `<group>/<plural>` for versions that share another version's storage. */
  storageResource?: string;
  toStorage?(obj: KubeObject): KubeObject;
  fromStorage?(obj: KubeObject): KubeObject;
  /** How metadata.name is checked; DNS-1123 subdomain unless the kind says otherwise. */
  nameValidator?: NameValidator;
  defaults?(obj: T): void;
  /** Checks of everything but metadata, on create and on update. */
  validateSpec?(obj: T): FieldError[];
  /** Extra checks on update only (immutable fields). */
  validateChange?(obj: T, old: T): FieldError[];
  prepareForCreate?(obj: T): void;
  prepareForUpdate?(obj: T, old: T): void;
  selectableFields?(obj: T): Record<string, string>;
  columns: ColumnDefinition[];
  cells(obj: T, now: Date): unknown[];
  scale?: ScaleInfo;
}

export function defineKind<T extends KubeObject>(spec: KindSpec<T>): ResourceType {
  const { group, version, kind, plural, namespaced } = spec;
  const hasStatus = spec.hasStatus ?? false;
  const nameValidator = spec.nameValidator ?? nameIsDNSSubdomain;
  const validateSpec = spec.validateSpec ?? (() => []);
  const subresources: SubresourceInfo[] = [];
  if (hasStatus) subresources.push({ name: 'status', kind: { group, version, kind }, verbs: SUBRESOURCE_VERBS });
  if (spec.scale) subresources.push({ name: 'scale', kind: SCALE_KIND, verbs: SUBRESOURCE_VERBS });
  // The kind's functions take its own object type; the registry hands them whatever it decoded.
  const as = (o: KubeObject) => o as T;
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    verbs: spec.createOnly ? ['create'] : STANDARD_VERBS,
    createOnly: spec.createOnly,
    subresources,
    schemaType: `io.k8s.api.${group.split('.')[0]}.${version}.${kind}`,
    storageResource: spec.storageResource ?? `${group}/${plural}`,
    toStorage: spec.toStorage,
    fromStorage: spec.fromStorage,
    hasStatus,
    tracksGeneration: spec.tracksGeneration,
    gracePeriodSeconds: spec.gracePeriodSeconds && ((o) => spec.gracePeriodSeconds!(as(o))),
    defaults: spec.defaults && ((o) => spec.defaults!(as(o))),
    validate: (o) => [...validateObjectMeta(o.metadata ?? {}, namespaced, nameValidator, 'metadata'), ...validateSpec(as(o))],
    validateUpdate: (o, old) => [
      ...validateObjectMetaUpdate(o.metadata ?? {}, old.metadata ?? {}, 'metadata'),
      ...validateSpec(as(o)),
      ...(spec.validateChange?.(as(o), as(old)) ?? []),
    ],
    prepareForCreate: spec.prepareForCreate && ((o) => spec.prepareForCreate!(as(o))),
    prepareForUpdate: spec.prepareForUpdate && ((o, old) => spec.prepareForUpdate!(as(o), as(old))),
    selectableFields: spec.selectableFields && ((o) => spec.selectableFields!(as(o))),
    columns: spec.columns,
    cells: (o, now) => spec.cells(as(o), now),
    scale: spec.scale,
  };
}

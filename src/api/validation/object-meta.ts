// ObjectMeta validation on create and update (apimachinery's ValidateObjectMeta and
// ValidateObjectMetaUpdate plus core's finalizer-name rule), with upstream's paths and messages.

import type { ObjectMeta, OwnerReference } from '../resource.js';
import { validateLabelMap } from '../common/selector.js';
import { deepEqual } from '../../machinery/deep.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong } from '../../machinery/status.js';
import type { NameValidator } from './names.js';
import { nameIsDNSLabel } from './names.js';
import { isQualifiedName } from './values.js';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** Finalizers that need no domain prefix (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];
/** Events may not own anything: they are garbage themselves (BannedOwners). */
const BANNED_OWNERS = ['v1/Event'];

export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, nameValidator: NameValidator, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameValidator(meta.generateName, true)) errs.push(fieldInvalid(`${path}.generateName`, meta.generateName, msg));
  }
  if (!meta.name) errs.push(fieldRequired(`${path}.name`, 'name or generateName is required'));
  else for (const msg of nameValidator(meta.name, false)) errs.push(fieldInvalid(`${path}.name`, meta.name, msg));
  if (namespaced) {
    if (!meta.namespace) errs.push(fieldRequired(`${path}.namespace`));
    else for (const msg of nameIsDNSLabel(meta.namespace, false)) errs.push(fieldInvalid(`${path}.namespace`, meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(fieldForbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (meta.generation !== undefined && meta.generation < 0) errs.push(fieldInvalid(`${path}.generation`, meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateCommonMeta(meta, path));
  errs.push(...validateFinalizers(meta.finalizers ?? [], `${path}.finalizers`));
  return errs;
}

export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      errs.push(fieldForbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(fieldInvalid(`${path}.generation`, meta.generation ?? 0, 'must not be decremented'));
  const immutable = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;
  for (const key of immutable) {
    if (!deepEqual(meta[key] ?? null, old[key] ?? null)) errs.push(fieldInvalid(`${path}.${key}`, meta[key] ?? '', 'field is immutable'));
  }
  errs.push(...validateCommonMeta(meta, path));
  (meta.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, `${path}.finalizers[${i}]`)));
  return errs;
}

/** Annotation keys and total size (ValidateAnnotations); also used for pod template metadata. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Annotation keys are qualified names in which case does not matter.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldInvalid(path, k, msg));
    size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v ?? '', 'utf8');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldTooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** A finalizer name: qualified, and prefixed unless it is one of the standard ones. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  return [...isQualifiedName(name).map((msg) => fieldInvalid(path, name, msg)), ...validateKubeFinalizerName(name, path)];
}

function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.includes('/') || STANDARD_FINALIZERS.includes(name)) return [];
  return [fieldInvalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
}

function validateCommonMeta(meta: ObjectMeta, path: string): FieldError[] {
  return [
    ...validateLabelMap(meta.labels, `${path}.labels`),
    ...validateAnnotations(meta.annotations, `${path}.annotations`),
    ...validateOwnerReferences(meta.ownerReferences ?? [], `${path}.ownerReferences`),
  ];
}

function validateFinalizers(finalizers: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  finalizers.forEach((f, i) => {
    for (const msg of isQualifiedName(f)) errs.push(fieldInvalid(path, f, msg));
    errs.push(...validateKubeFinalizerName(f, `${path}[${i}]`));
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(fieldInvalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

function validateOwnerReferences(refs: OwnerReference[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errs.push(fieldInvalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(fieldInvalid(`${path}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(fieldInvalid(`${path}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(fieldInvalid(`${path}.uid`, ref.uid ?? '', 'uid must not be empty'));
    if (BANNED_OWNERS.includes(`${ref.apiVersion}/${ref.kind}`)) errs.push(fieldInvalid(path, ref, `/${ref.apiVersion}, Kind=${ref.kind} is disallowed from being an owner`));
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(fieldInvalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

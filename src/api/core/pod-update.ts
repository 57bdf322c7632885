// What a pod update may change in spec (ValidatePodUpdate): container images, a shorter
// activeDeadlineSeconds, added tolerations, removed scheduling gates. Anything else is
// refused with upstream's "pod updates may not change fields other than …" message.

import { deepCopy, deepEqual } from '../../machinery/deep.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { inclusiveRangeError } from '../validation/values.js';
import { validateTolerations } from './scheduling-validation.js';
import type { Container, PodSpec, Toleration } from './types.js';

const MAX_INT32 = 2147483647;
const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

export function validatePodSpecUpdate(spec: PodSpec | undefined, old: PodSpec | undefined, path = 'spec'): FieldError[] {
  const next = spec ?? {};
  const prev = old ?? {};
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    const result = validateContainerUpdates(next[key] ?? [], prev[key] ?? [], `${path}.${key}`);
    errs.push(...result.errors);
    if (result.stop) return errs;
  }
  const deadline = next.activeDeadlineSeconds;
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > MAX_INT32) return [...errs, fieldInvalid(`${path}.activeDeadlineSeconds`, deadline, inclusiveRangeError(0, MAX_INT32))];
    if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds < deadline) {
      return [...errs, fieldInvalid(`${path}.activeDeadlineSeconds`, deadline, 'must be less than or equal to previous value')];
    }
  } else if (prev.activeDeadlineSeconds !== undefined) {
    errs.push(fieldInvalid(`${path}.activeDeadlineSeconds`, null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(next.tolerations ?? [], prev.tolerations ?? [], `${path}.tolerations`));
  errs.push(...validateOnlyDeletedGates(next, prev, `${path}.schedulingGates`));
  if (!deepEqual(munge(next, prev), prev)) {
    errs.push(fieldForbidden(path, `pod updates may not change fields other than ${UPDATABLE_FIELDS}`));
  }
  return errs;
}

function validateContainerUpdates(next: Container[], prev: Container[], path: string): { errors: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) return { errors: [fieldForbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errors: FieldError[] = [];
  next.forEach((c, i) => {
    if (!c.image) errors.push(fieldRequired(`${path}[${i}].image`));
    else if (c.image.trim() !== c.image) errors.push(fieldInvalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errors, stop: false };
}

/** Existing tolerations stay (only their tolerationSeconds may change); new ones may be added. */
function validateOnlyAddedTolerations(next: Toleration[], prev: Toleration[], path: string): FieldError[] {
  for (const o of prev) {
    if (!next.some((n) => deepEqual(withoutSeconds(o), withoutSeconds(n)))) {
      return [fieldForbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, path);
}

function withoutSeconds(t: Toleration): Toleration {
  const { tolerationSeconds: _s, ...rest } = t;
  return rest;
}

function validateOnlyDeletedGates(next: PodSpec, prev: PodSpec, path: string): FieldError[] {
  const old = new Set((prev.schedulingGates ?? []).map((g) => g.name));
  const errs: FieldError[] = [];
  (next.schedulingGates ?? []).forEach((g, i) => {
    if (!old.has(g.name)) errs.push(fieldForbidden(`${path}[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  });
  return errs;
}

/** The new spec with every updatable field put back to its old value. */
function munge(next: PodSpec, prev: PodSpec): PodSpec {
  const m = deepCopy(next);
  for (const key of ['containers', 'initContainers'] as const) {
    m[key]?.forEach((c, i) => (c.image = prev[key]?.[i]?.image));
  }
  setOrDelete(m, 'activeDeadlineSeconds', prev.activeDeadlineSeconds);
  setOrDelete(m, 'schedulingGates', prev.schedulingGates);
  setOrDelete(m, 'tolerations', prev.tolerations);
  if ((prev.terminationGracePeriodSeconds ?? 0) < 0 && m.terminationGracePeriodSeconds === 1) m.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds;
  return m;
}

function setOrDelete<K extends keyof PodSpec>(spec: PodSpec, key: K, value: PodSpec[K]): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

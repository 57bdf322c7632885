// Resource names and quantities (cpu, memory, pods, requests.cpu…) as core's helper package
// classifies them, and the quantity checks built on that (ValidateResourceQuantityValue,
// ValidateResourceRequirements) with upstream's messages.

import type { Quantity } from '../../machinery/quantity.js';
import { parseQuantity } from '../../machinery/quantity.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { isQualifiedName } from '../validation/values.js';
import type { ResourceList } from './types.js';

const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const INTEGER_RESOURCES = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
const QUOTA_RESOURCES = [
  ...CONTAINER_RESOURCES,
  ...INTEGER_RESOURCES,
  'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'requests.storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
];
const STANDARD_RESOURCES = [...QUOTA_RESOURCES, 'storage'];
export const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

const isHugePages = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
/** Native resources have no domain or the kubernetes.io one. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** Extended resources (`example.com/gpu`) and huge pages are never overcommitted. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

/** The quantity in a resource list entry, or undefined when it does not parse. */
export function quantityOf(value: string | number | undefined): Quantity | undefined {
  if (value === undefined) return undefined;
  try {
    return parseQuantity(String(value));
  } catch {
    return undefined;
  }
}

/** ValidateResourceQuantityValue: a parsable, non-negative amount; whole for countable resources. */
export function validateQuantityValue(name: string, value: string | number, path: string): FieldError[] {
  const q = quantityOf(value);
  if (!q) return [fieldInvalid(path, value, 'must be a valid resource quantity')];
  if (q.sign() < 0) return [fieldInvalid(path, q.toString(), 'must be greater than or equal to 0')];
  if ((INTEGER_RESOURCES.includes(name) || name.startsWith('count/')) && q.milliValue() % 1000 !== 0) {
    return [fieldInvalid(path, q.toString(), 'must be an integer')];
  }
  return [];
}

/** validateResourceName: qualified, and standard unless domain-prefixed. */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => fieldInvalid(path, name, msg));
  if (errs.length === 0 && !name.includes('/') && !STANDARD_RESOURCES.includes(name) && !isHugePages(name)) {
    errs.push(fieldInvalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) errs.push(fieldInvalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && name.startsWith('requests.')) {
    errs.push(fieldInvalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

export function validateQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/') && !QUOTA_RESOURCES.includes(name) && !isHugePages(name)) errs.push(fieldInvalid(path, name, 'must be a standard resource for quota'));
  return errs;
}

/** A container's requests and limits: valid names and amounts, requests ≤ limits. */
export function validateResourceRequirements(res: { limits?: ResourceList; requests?: ResourceList } | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = res?.limits ?? {};
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, `${path}.limits[${name}]`), ...validateQuantityValue(name, value, `${path}.limits[${name}]`));
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
    hugePages ||= isHugePages(name);
  }
  for (const [name, value] of Object.entries(res?.requests ?? {})) {
    const at = `${path}.requests[${name}]`;
    errs.push(...validateContainerResourceName(name, at), ...validateQuantityValue(name, value, at));
    const request = quantityOf(value);
    const limit = quantityOf(limits[name]);
    if (request && limit) {
      if (!overcommitAllowed(name) && request.cmp(limit) !== 0) {
        errs.push(fieldInvalid(`${path}.requests`, request.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (request.cmp(limit) > 0) {
        errs.push(fieldInvalid(`${path}.requests`, request.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!(name in limits) && !overcommitAllowed(name)) {
      errs.push(fieldRequired(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
    hugePages ||= isHugePages(name);
  }
  if (hugePages && !cpuOrMemory) errs.push(fieldForbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** Limit types must be standard unless domain-prefixed. */
export function validateLimitType(type: string | undefined, path: string): FieldError[] {
  const value = type ?? '';
  const errs = isQualifiedName(value).map((msg) => fieldInvalid(path, value, msg));
  if (errs.length === 0 && !value.includes('/') && !LIMIT_TYPES.includes(value)) errs.push(fieldInvalid(path, value, 'must be a standard limit type or fully qualified'));
  return errs;
}
